package dev.agentrelay.cli;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code relay agents remove ID}: {@code DELETE /agents/{id}}; its key stops working at once. */
@Command(name = "remove", mixinStandardHelpOptions = true,
    description = {"Remove an agent; its key stops working at once.",
        "Its unacknowledged deliveries stay queued for an agent registered again with the same id."})
final class AgentsRemoveCommand implements Callable<Integer> {

  @Mixin
  ConnectionOptions relay;

  @Parameters(paramLabel = "AGENT_ID", description = "the agent")
  String agentId;

  @Override
  public Integer call() {
    relay.client().delete("/agents/" + RelayClient.segment(agentId));
    relay.print(new JsonObject().put("agent_id", agentId).put("removed", true),
        out -> out.println("removed " + agentId));
    return 0;
  }
}
