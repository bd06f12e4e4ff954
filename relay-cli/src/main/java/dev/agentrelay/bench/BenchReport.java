package dev.agentrelay.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The whole run: the machine, each scenario's figures, and a summary against the targets. */
public final class BenchReport {

  /** One line of the summary: a headline figure and, where the issue sets one, its target. */
  public record Check(String metric, String value, String target, Boolean met) {

    JsonObject toJson() {
      return new JsonObject().put("metric", metric).put("value", value).put("target", target).put("met", met);
    }
  }

  private final JsonObject header;
  private final List<ScenarioResult> scenarios = new ArrayList<>();
  private final List<Check> summary = new ArrayList<>();

  BenchReport(JsonObject header) {
    this.header = header;
  }

  void add(ScenarioResult result) {
    scenarios.add(result);
  }

  void check(String metric, String value, String target, Boolean met) {
    summary.add(new Check(metric, value, target, met));
  }

  public List<ScenarioResult> scenarios() {
    return List.copyOf(scenarios);
  }

  public Optional<ScenarioResult> scenario(String name) {
    return scenarios.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  public List<Check> summary() {
    return List.copyOf(summary);
  }

  /** Run id, mode, machine, timing. */
  public JsonObject header() {
    return header;
  }

  /** The one JSON object {@code --json} prints. */
  public JsonObject toJson() {
    JsonObject out = header.copy();
    JsonObject byName = new JsonObject();
    scenarios.forEach(s -> byName.put(s.name(), s.data()));
    out.put("scenarios", byName);
    JsonArray checks = new JsonArray();
    summary.forEach(c -> checks.add(c.toJson()));
    out.put("summary", checks);
    return out;
  }

  /** The summary table. */
  public String summaryTable() {
    int w0 = 6;
    int w1 = 5;
    int w2 = 6;
    for (Check c : summary) {
      w0 = Math.max(w0, c.metric().length());
      w1 = Math.max(w1, c.value().length());
      w2 = Math.max(w2, c.target() == null ? 0 : c.target().length());
    }
    String format = "  %-" + w0 + "s  %-" + w1 + "s  %-" + w2 + "s  %s%n";
    StringBuilder out = new StringBuilder("== summary ==\n");
    out.append(String.format(format, "metric", "value", "target", "met"));
    for (Check c : summary) {
      out.append(String.format(format, c.metric(), c.value(), c.target() == null ? "-" : c.target(),
          c.met() == null ? "-" : c.met() ? "yes" : "NO"));
    }
    return out.toString();
  }

  /** Every scenario's table, then the summary. */
  public String table() {
    StringBuilder out = new StringBuilder();
    JsonObject machine = header.getJsonObject("machine", new JsonObject());
    out.append("agent relay bench ").append(header.getString("run_id")).append(", mode ")
        .append(header.getString("mode")).append(header.getBoolean("quick", false) ? " (quick)" : "").append('\n');
    out.append("machine: ").append(machine.getString("summary", "?")).append('\n');
    out.append("load average at start / end: ").append(header.getString("load_start", "?")).append(" / ")
        .append(header.getString("load_end", "?")).append('\n');
    scenarios.forEach(s -> out.append('\n').append(s.table()));
    out.append('\n').append(summaryTable());
    return out.toString();
  }
}
