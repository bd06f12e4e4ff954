package dev.agentrelay.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;

/**
 * For each size Q: an inbox holding Q unacknowledged items (queued untimed, see {@link Prefill}); then
 * one reader, one request at a time, reads the first page of 100 ({@code GET /inbox?limit=100}) N times,
 * and acknowledges a page ({@code POST /inbox/ack} with {@code up_to_seq}) A times, the acked items
 * being queued again (untimed) after each ack so that the inbox stays at Q.
 */
final class InboxScenario {

  static final int PAGE = 100;

  private final Bench bench;

  InboxScenario(Bench bench) {
    this.bench = bench;
  }

  ScenarioResult run() {
    ScenarioResult result = new ScenarioResult(BenchOptions.INBOX);
    BenchOptions o = bench.options;
    result.put("prefill_method", bench.prefill.method()).put("page_size", PAGE);
    JsonArray sizes = new JsonArray();
    Double firstP50 = null;
    Double lastP50 = null;
    for (int q : o.inboxSizes()) {
      JsonObject figures = size(q);
      sizes.add(figures);
      double p50 = figures.getJsonObject("page_read").getDouble("p50_ms");
      firstP50 = firstP50 == null ? p50 : firstP50;
      lastP50 = p50;
      result.row("Q=" + label(q) + " page read p50/p99/p99.9", cell(figures.getJsonObject("page_read")));
      result.row("Q=" + label(q) + " ack p50/p99/p99.9", cell(figures.getJsonObject("ack")));
      result.row("Q=" + label(q) + " prefill", Fmt.count(q) + " items via " + bench.prefill.method() + " in "
          + figures.getDouble("prefill_s") + " s (" + Fmt.count(figures.getDouble("prefill_items_per_s")) + "/s)");
    }
    result.put("sizes", sizes);
    if (o.inboxSizes().size() > 1 && firstP50 != null && firstP50 > 0) {
      double ratio = lastP50 / firstP50;
      result.put("read_p50_ratio_largest_to_smallest", Fmt.round(ratio, 3));
      result.row("page read p50 ratio Q=" + label(o.inboxSizes().get(o.inboxSizes().size() - 1)) + " / Q="
          + label(o.inboxSizes().get(0)), Fmt.round(ratio, 2) + "x");
    }
    if (bench.prefill.method().equals("store")) {
      result.note("embedded mode queues items through the store (one write command per 2000 deliveries: real"
          + " delivery rows, audit rows and seqs, no message rows); remote mode must send them via POST /messages");
    }
    return result;
  }

  private JsonObject size(int q) {
    RelayClient relay = bench.relay;
    BenchOptions o = bench.options;
    String rx = bench.agentId("inbox", label(q).toLowerCase());
    String tx = bench.agentId("inbox", label(q).toLowerCase() + "-tx");
    String rxKey = Bench.await(relay.register(rx, 2, null), 30);
    String txKey = Bench.await(relay.register(tx, 2, null), 30);

    bench.progress.say("inbox: queueing %,d items for %s via %s", q, rx, bench.prefill.method());
    AtomicLong done = new AtomicLong();
    long start = System.nanoTime();
    long reportEvery = 5_000_000_000L;
    var filling = bench.prefill.fill(rx, tx, txKey, q, done);
    long lastReport = System.nanoTime();
    while (!filling.isComplete()) {
      Bench.sleep(50);
      if (System.nanoTime() - lastReport > reportEvery) {
        lastReport = System.nanoTime();
        double s = (lastReport - start) / 1e9;
        bench.progress.say("inbox: queued %,d of %,d (%,.0f/s)", done.get(), q, done.get() / s);
      }
    }
    Bench.await(filling, 1);
    double prefillSeconds = (System.nanoTime() - start) / 1e9;
    bench.progress.say("inbox: %,d queued in %.1f s; %d page reads, %d acks", q, prefillSeconds, o.inboxReads(),
        o.inboxAcks());

    int expected = Math.min(PAGE, q);
    String pagePath = RelayClient.API + "/inbox?limit=" + PAGE;
    for (int i = 0; i < 10; i++) {
      Bench.await(relay.get(pagePath, rxKey), 30);
    }
    Latencies reads = new Latencies();
    for (int i = 0; i < o.inboxReads(); i++) {
      long t0 = System.nanoTime();
      RelayClient.Reply reply = Bench.await(relay.get(pagePath, rxKey).onSuccess(r -> reads.record(System.nanoTime() - t0)), 30);
      check(reply, 200, "page read");
      int items = reply.json().getJsonArray("items").size();
      if (items != expected) {
        throw new IllegalStateException("page read answered " + items + " items, expected " + expected);
      }
    }
    Latencies acks = new Latencies();
    long pending = -1;
    for (int i = 0; i < o.inboxAcks(); i++) {
      RelayClient.Reply page = Bench.await(relay.get(pagePath, rxKey), 30);
      check(page, 200, "page read");
      long upTo = page.json().getLong("next_after");
      int items = page.json().getJsonArray("items").size();
      long t0 = System.nanoTime();
      RelayClient.Reply acked = Bench.await(relay.post(RelayClient.API + "/inbox/ack", rxKey,
          new JsonObject().put("up_to_seq", upTo).toBuffer()).onSuccess(r -> acks.record(System.nanoTime() - t0)), 30);
      check(acked, 200, "ack");
      int count = acked.json().getInteger("acknowledged");
      if (count != items) {
        throw new IllegalStateException("ack answered " + count + ", expected " + items);
      }
      Bench.await(bench.prefill.fill(rx, tx, txKey, count, new AtomicLong()), 120);
      pending = page.json().getLong("pending", -1L);
    }
    return new JsonObject().put("queued", q).put("agent", rx)
        .put("prefill_s", Fmt.round(prefillSeconds, 1))
        .put("prefill_items_per_s", Math.round(q / prefillSeconds))
        .put("page_read", reads.summary().toJson())
        .put("ack", acks.summary().toJson())
        .put("pending_reported", pending);
  }

  private static void check(RelayClient.Reply reply, int status, String what) {
    if (reply.status() != status) {
      throw new IllegalStateException(what + " failed: " + reply);
    }
  }

  private static String cell(JsonObject s) {
    return new Latencies.Summary(s.getLong("count"), s.getDouble("p50_ms"), s.getDouble("p90_ms"),
        s.getDouble("p99_ms"), s.getDouble("p999_ms"), s.getDouble("max_ms"), s.getDouble("mean_ms")).cell();
  }

  static String label(int n) {
    if (n >= 1_000_000 && n % 1_000_000 == 0) {
      return n / 1_000_000 + "M";
    }
    if (n >= 1_000 && n % 1_000 == 0) {
      return n / 1_000 + "k";
    }
    return Integer.toString(n);
  }
}
