package dev.agentrelay.cli;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code relay keys rotate ID}: {@code POST /agents/{id}/keys}; the old key stops working at once. */
@Command(name = "rotate", mixinStandardHelpOptions = true,
    description = {"Give an agent a new API key (its own key or a tier-1 key) and print it once;",
        "the old key stops working at once."})
final class KeysRotateCommand implements Callable<Integer> {

  @Mixin
  ConnectionOptions relay;

  @Parameters(paramLabel = "AGENT_ID", description = "the agent")
  String agentId;

  @Option(names = "--webhook-secret", description = "also replace a webhook agent's signing secret")
  boolean webhookSecret;

  @Override
  public Integer call() {
    JsonObject body = webhookSecret ? new JsonObject().put("rotate_webhook_secret", true) : null;
    JsonObject rotated = relay.client().post("/agents/" + RelayClient.segment(agentId) + "/keys", body).json();
    relay.print(rotated, out -> {
      out.println("api_key: " + rotated.getString("api_key"));
      if (rotated.getString("webhook_secret") != null) {
        out.println("webhook_secret: " + rotated.getString("webhook_secret"));
      }
      out.println("The old key no longer works; the new one is shown only this once.");
    });
    return 0;
  }
}
