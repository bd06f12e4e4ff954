package dev.agentrelay.bench;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** What one scenario measured: its figures as JSON, and the same as rows of a human table. */
public final class ScenarioResult {

  private final String name;
  private final JsonObject data = new JsonObject();
  private final List<String[]> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  ScenarioResult(String name) {
    this.name = name;
  }

  public String name() {
    return name;
  }

  /** The figures: what {@code --json} prints for this scenario. */
  public JsonObject data() {
    return data;
  }

  public List<String> notes() {
    return List.copyOf(notes);
  }

  public boolean failed() {
    return data.containsKey("error");
  }

  ScenarioResult put(String key, Object value) {
    data.put(key, value);
    return this;
  }

  ScenarioResult row(String metric, String value) {
    rows.add(new String[] {metric, value});
    return this;
  }

  ScenarioResult note(String note) {
    notes.add(note);
    data.put("notes", new io.vertx.core.json.JsonArray(notes));
    return this;
  }

  ScenarioResult failed(Throwable error) {
    String message = error.getClass().getSimpleName() + ": " + error.getMessage();
    data.put("error", message);
    rows.add(new String[] {"ERROR", message});
    return this;
  }

  /** The human table of this scenario. */
  public String table() {
    int width = 10;
    for (String[] row : rows) {
      width = Math.max(width, row[0].length());
    }
    StringBuilder out = new StringBuilder();
    out.append("== ").append(name).append(" ==\n");
    for (String[] row : rows) {
      out.append(String.format("  %-" + width + "s  %s%n", row[0], row[1]));
    }
    for (String note : notes) {
      out.append("  note: ").append(note).append('\n');
    }
    return out.toString();
  }
}
