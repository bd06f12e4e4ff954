package dev.agentrelay.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code relay inbox}: {@code GET /inbox}, optionally long-polling, and {@code --ack} for what it printed. */
@Command(name = "inbox", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Read the unacknowledged deliveries of your inbox, oldest first, one line each.",
        "Items stay until acknowledged: --ack acknowledges the ones printed, after printing them."})
final class InboxCommand implements Callable<Integer> {

  @Mixin
  ConnectionOptions relay;

  @Option(names = "--wait", paramLabel = "SECONDS", description = "wait up to this long (0-60) for a first item")
  Integer wait;

  @Option(names = "--ack", description = "acknowledge the items printed")
  boolean ack;

  @Option(names = "--after", paramLabel = "SEQ", description = "only items after this seq")
  Long after;

  @Option(names = "--limit", paramLabel = "N", description = "at most this many items (default 50, at most 200)")
  Integer limit;

  @Option(names = "--from", paramLabel = "AGENT_ID", description = "only items from this agent")
  String from;

  @Option(names = "--agent", paramLabel = "AGENT_ID", description = "another agent's inbox (tier 1)")
  String agent;

  @Override
  public Integer call() {
    RelayClient client = relay.client();
    Map<String, Object> params = RelayClient.params();
    params.put("agent_id", agent);
    params.put("after", after);
    params.put("limit", limit);
    params.put("from", from);
    params.put("wait", wait);
    Duration timeout = RelayClient.TIMEOUT.plusSeconds(wait == null ? 0 : Math.max(0, wait));
    JsonObject page = client.send("GET", "/inbox" + RelayClient.query(params), null, Map.of(), timeout).json();
    JsonArray items = page.getJsonArray("items");
    relay.print(page, out -> print(out, page, items));
    if (ack && !items.isEmpty()) {
      int acknowledged = acknowledge(client, items);
      if (!relay.json()) {
        relay.out().println("acknowledged " + acknowledged);
        relay.out().flush();
      }
    }
    return 0;
  }

  private static void print(PrintWriter out, JsonObject page, JsonArray items) {
    items.forEach(item -> out.println(Render.item((JsonObject) item)));
    long pending = page.getLong("pending", 0L);
    out.println(items.isEmpty() && pending == 0 ? "inbox empty" : items.size() + " shown, " + pending + " pending");
  }

  /**
   * Acknowledges exactly what was printed. Unfiltered, the page is every unacknowledged item up to its
   * last seq, so up_to_seq says it in one number; with --after or --from the page skips items that
   * up_to_seq would also acknowledge, so the printed ids are sent instead.
   */
  private int acknowledge(RelayClient client, JsonArray items) {
    JsonObject body = new JsonObject();
    if (after == null && from == null) {
      body.put("up_to_seq", items.getJsonObject(items.size() - 1).getLong("seq"));
    } else {
      JsonArray ids = new JsonArray();
      items.forEach(item -> ids.add(((JsonObject) item).getString("delivery_id")));
      body.put("delivery_ids", ids);
    }
    Map<String, Object> params = RelayClient.params();
    params.put("agent_id", agent);
    return client.post("/inbox/ack" + RelayClient.query(params), body).json().getInteger("acknowledged");
  }
}
