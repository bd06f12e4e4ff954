package dev.agentrelay.cli;

import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code relay agents get ID}: one agent's profile. */
@Command(name = "get", mixinStandardHelpOptions = true, description = "Show one agent.")
final class AgentsGetCommand implements Callable<Integer> {

  @Mixin
  ConnectionOptions relay;

  @Parameters(paramLabel = "AGENT_ID", description = "the agent")
  String agentId;

  @Override
  public Integer call() {
    JsonObject agent = relay.client().get("/agents/" + RelayClient.segment(agentId)).json();
    relay.print(agent, out -> Render.fields(out, agent, Set.of()));
    return 0;
  }
}
