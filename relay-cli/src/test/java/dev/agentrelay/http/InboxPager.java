package dev.agentrelay.http;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * A reader of one inbox that pages with {@code after=} as a client resuming from its last seq does, each page from
 * the next node in turn, long-polling ({@code wait=}) while the senders run when told to. It never acknowledges, so
 * every item it skipped is still in the inbox afterwards: {@link #seen()} against the whole inbox finds it, and
 * {@link #pageThatSkipped} tells which answer stepped over it. Runs until the senders are done and a page after
 * that comes back empty.
 */
final class InboxPager implements Runnable {

  private static final int LIMIT = 50;

  /** One answer: which node, the after= it was asked with, the seqs it held and the next_after it gave. */
  record Page(int index, String node, long after, List<Long> seqs, long nextAfter) {
  }

  private final List<Api> nodes;
  private final List<String> nodeNames;
  private final String key;
  private final int waitSeconds;
  private final BooleanSupplier sendersDone;
  private final List<Page> history = new CopyOnWriteArrayList<>();
  private final Map<Long, String> seen = new ConcurrentHashMap<>();
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private volatile int pages;

  /** {@code waitSeconds} 0: plain pages, asked again at once; else long-polls of that wait. */
  InboxPager(List<Api> nodes, List<String> nodeNames, String key, int waitSeconds, BooleanSupplier sendersDone) {
    this.nodes = nodes;
    this.nodeNames = nodeNames;
    this.key = key;
    this.waitSeconds = waitSeconds;
    this.sendersDone = sendersDone;
  }

  @Override
  public void run() {
    long after = 0;
    for (int page = 0; ; page++) {
      boolean lastRound = sendersDone.getAsBoolean();
      Api node = nodes.get(page % nodes.size());
      Api.Reply reply = node.get("/api/v1/inbox?limit=" + LIMIT + "&after=" + after
          + (lastRound || waitSeconds == 0 ? "" : "&wait=" + waitSeconds), key);
      pages = page + 1;
      if (reply.status() != 200) {
        violations.add("page " + page + " after " + after + " answered " + reply);
        return;
      }
      JsonObject body = reply.json();
      List<JsonObject> items = body.getJsonArray("items").stream().map(JsonObject.class::cast).toList();
      for (JsonObject item : items) {
        long seq = item.getLong("seq");
        if (seq <= after) {
          violations.add("page " + page + " after " + after + " held seq " + seq);
        }
        if (seen.put(seq, item.getString("delivery_id")) != null) {
          violations.add("seq " + seq + " came twice");
        }
      }
      long next = body.getLong("next_after");
      history.add(new Page(page, nodeNames.get(page % nodes.size()), after,
          items.stream().map(item -> item.getLong("seq")).toList(), next));
      if (next < after) {
        violations.add("next_after went back from " + after + " to " + next);
      }
      after = Math.max(after, next);
      if (lastRound && items.isEmpty()) {
        return;
      }
    }
  }

  /** Every item read, by seq: its delivery id. */
  Map<Long, String> seen() {
    return seen;
  }

  List<String> violations() {
    return violations;
  }

  int pages() {
    return pages;
  }

  /** The answer whose next_after stepped over {@code seq} without holding it, if one did. */
  String pageThatSkipped(long seq) {
    return history.stream().filter(page -> page.after() < seq && page.nextAfter() >= seq
        && !page.seqs().contains(seq)).findFirst().map(Page::toString).orElse("no page stepped over it");
  }
}
