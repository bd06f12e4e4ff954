package dev.agentrelay.cli;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code relay agents list}: {@code GET /agents} as a table. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the registered agents.")
final class AgentsListCommand implements Callable<Integer> {

  @Mixin
  ConnectionOptions relay;

  @Override
  public Integer call() {
    JsonObject answer = relay.client().get("/agents").json();
    relay.print(answer, out -> table(answer).print(out));
    return 0;
  }

  private static Table table(JsonObject answer) {
    Table table = new Table("AGENT", "NAME", "TIER", "STATUS", "CONTACT", "LAST SEEN");
    answer.getJsonArray("agents").forEach(each -> {
      JsonObject agent = (JsonObject) each;
      table.row(agent.getString("agent_id"), agent.getString("name"), agent.getValue("trust_tier"),
          agent.getString("status"), agent.getJsonObject("contact").getString("method"), agent.getString("last_seen"));
    });
    return table;
  }
}
