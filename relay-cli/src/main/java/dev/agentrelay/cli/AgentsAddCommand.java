package dev.agentrelay.cli;

import static dev.agentrelay.cli.RelayClient.putIfSet;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code relay agents add}: {@code POST /agents} (tier 1); prints the new key, which is never shown again. */
@Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Register an agent (needs a tier-1 key) and print its API key once.",
        "Unset permissions are \"*\" (everyone, every tool); the tier defaults to 3."})
final class AgentsAddCommand implements Callable<Integer> {

  @Mixin
  ConnectionOptions relay;

  @Option(names = "--id", required = true, paramLabel = "AGENT_ID", description = "the new agent's id")
  String agentId;

  @Option(names = "--name", paramLabel = "TEXT", description = "display name (default: the id)")
  String name;

  @Option(names = "--description", paramLabel = "TEXT", description = "what the agent does")
  String description;

  @Option(names = "--tier", paramLabel = "1|2|3", description = "trust tier (default 3)")
  Integer tier;

  @Option(names = "--capability", paramLabel = "WORD", description = "a capability; repeatable")
  List<String> capabilities;

  @Option(names = "--contact", paramLabel = "poll|sse|webhook",
      description = "how it is reached (default poll; webhook when --webhook-url is given)")
  String contact;

  @Option(names = "--webhook-url", paramLabel = "URL", description = "deliveries are POSTed here, signed")
  String webhookUrl;

  @Option(names = "--can-send-to", paramLabel = "AGENT_ID", description = "may send to (or *); repeatable")
  List<String> canSendTo;

  @Option(names = "--can-read-from", paramLabel = "AGENT_ID", description = "accepts sends from (or *); repeatable")
  List<String> canReadFrom;

  @Option(names = "--can-access-tools", paramLabel = "TOOL", description = "MCP tools it may call (or *); repeatable")
  List<String> canAccessTools;

  @Override
  public Integer call() {
    JsonObject registered = relay.client().post("/agents", body()).json();
    relay.print(registered, out -> print(out, registered));
    return 0;
  }

  private static void print(PrintWriter out, JsonObject registered) {
    JsonObject agent = registered.getJsonObject("agent");
    out.println("registered " + agent.getString("agent_id") + " (tier " + agent.getValue("trust_tier") + ", "
        + agent.getJsonObject("contact").getString("method") + ")");
    out.println("api_key: " + registered.getString("api_key"));
    if (registered.getString("webhook_secret") != null) {
      out.println("webhook_secret: " + registered.getString("webhook_secret"));
    }
    out.println("The key is shown only this once: store it now.");
  }

  private JsonObject body() {
    JsonObject body = new JsonObject().put("agent_id", agentId);
    putIfSet(body, "name", name);
    putIfSet(body, "description", description);
    putIfSet(body, "trust_tier", tier);
    putIfSet(body, "capabilities", list(capabilities));
    String method = contact != null ? contact : webhookUrl != null ? "webhook" : null;
    if (method != null) {
      body.put("contact", putIfSet(new JsonObject().put("method", method), "webhook_url", webhookUrl));
    }
    JsonObject permissions = new JsonObject();
    putIfSet(permissions, "can_send_to", list(canSendTo));
    putIfSet(permissions, "can_read_from", list(canReadFrom));
    putIfSet(permissions, "can_access_tools", list(canAccessTools));
    if (!permissions.isEmpty()) {
      body.put("permissions", permissions);
    }
    return body;
  }

  private static JsonArray list(List<String> values) {
    return values == null ? null : new JsonArray(new ArrayList<Object>(values));
  }
}
