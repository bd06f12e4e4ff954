package dev.agentrelay.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * C senders, each with one request in flight (closed loop), send direct messages (or, with {@code --send-as task},
 * create tasks) round-robin to M recipients for a warm-up and then T measured seconds. Every 201 is a durable send
 * (committed with synchronous=FULL before the answer). Figures: sends/s, the send latency, and the ratio of sends/s
 * to the machine's batched SQLite insert rate. With several nodes, sender s sends through node s mod N, and each
 * node's sends and latency are reported beside the total.
 */
final class SendScenario {

  private final Bench bench;
  private final Latencies latencies = new Latencies();
  /** Per node of {@link Bench#nodes}: its measured sends' latencies. */
  private final List<Latencies> nodeLatencies = new ArrayList<>();
  private final AtomicLong measured = new AtomicLong();
  private final AtomicLong total = new AtomicLong();
  private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
  private volatile boolean measuring;
  private volatile boolean stopping;
  private String path;

  SendScenario(Bench bench) {
    this.bench = bench;
  }

  ScenarioResult run() {
    BenchOptions o = bench.options;
    RelayClient relay = bench.relay;
    bench.nodes.forEach(node -> nodeLatencies.add(new Latencies()));
    int senders = o.senders();
    int recipients = o.recipients();
    List<String> senderIds = new ArrayList<>();
    List<String> recipientIds = new ArrayList<>();
    for (int i = 0; i < senders; i++) {
      senderIds.add(bench.agentId("send", "s" + i));
    }
    for (int i = 0; i < recipients; i++) {
      recipientIds.add(bench.agentId("send", "r" + i));
    }
    bench.progress.say("send: registering %d senders and %d recipients", senders, recipients);
    List<String> all = new ArrayList<>(senderIds);
    all.addAll(recipientIds);
    Map<String, String> keys = Bench.await(relay.registerAll(all, 32), 120);
    String[] senderKeys = senderIds.stream().map(keys::get).toArray(String[]::new);
    Buffer[] bodies = new Buffer[recipients];
    for (int j = 0; j < recipients; j++) {
      bodies[j] = (o.sendsTasks()
          ? new JsonObject().put("to_agent", recipientIds.get(j)).put("title", "bench task")
              .put("description", "bench send: a short task of about a hundred bytes, like a request to look.")
          : new JsonObject().put("to_agent", recipientIds.get(j))
              .put("content", "bench send: a short direct message of about a hundred bytes, like a status note."))
          .toBuffer();
    }
    path = RelayClient.API + (o.sendsTasks() ? "/tasks" : "/messages");

    CountDownLatch lanesDone = new CountDownLatch(senders);
    bench.progress.say("send: %d senders -> %d recipients, %.1f s warm-up, %.1f s measured", senders, recipients,
        o.warmupSeconds(), o.sendSeconds());
    for (int s = 0; s < senders; s++) {
      next(bench.node(s), senderKeys[s], bodies, s, s, lanesDone);
    }
    Bench.sleep((long) (o.warmupSeconds() * 1000));
    CpuSample cpuStart = CpuSample.now();
    long start = System.nanoTime();
    measuring = true;
    long seconds = (long) Math.ceil(o.sendSeconds());
    long end = start + (long) (o.sendSeconds() * 1e9);
    for (long tick = 1; System.nanoTime() < end; tick++) {
      Bench.sleep(Math.max(1, Math.min(1000, (end - System.nanoTime()) / 1_000_000)));
      if (tick % 5 == 0 && tick < seconds) {
        double elapsed = (System.nanoTime() - start) / 1e9;
        bench.progress.say("send: %.0f s, %,d sends, %,.0f/s", elapsed, measured.get(), measured.get() / elapsed);
      }
    }
    measuring = false;
    long window = System.nanoTime() - start;
    CpuSample cpuEnd = CpuSample.now();
    stopping = true;
    try {
      lanesDone.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }

    double perSecond = measured.get() / (window / 1e9);
    JsonObject cpu = cpuStart.until(cpuEnd);
    long benchCpuNanos = cpuStart.processNanosUntil(cpuEnd);
    if (benchCpuNanos >= 0 && measured.get() > 0) {
      cpu.put("bench_jvm_us_per_send", Fmt.round(benchCpuNanos / 1e3 / measured.get(), 1));
    }
    Latencies.Summary latency = latencies.summary();
    ScenarioResult result = new ScenarioResult(BenchOptions.SEND);
    result.put("senders", senders).put("recipients", recipients).put("seconds", Fmt.round(window / 1e9, 2))
        .put("sends", measured.get()).put("sends_per_s", Math.round(perSecond))
        .put("latency", latency.toJson()).put("cpu", cpu).put("send_as", o.sendsTasks() ? "task" : "message");
    result.row("durable sends/s", Fmt.count(perSecond) + "/s (" + Fmt.count(measured.get()) + " in "
        + Fmt.round(window / 1e9, 1) + " s, " + senders + " senders -> " + recipients + " recipients"
        + (o.sendsTasks() ? ", tasks" : "") + ")");
    result.row("send latency p50/p99/p99.9", latency.cell());
    if (bench.nodes.size() > 1) {
      result.put("nodes", perNode(result, senders));
    }
    if (bench.sqliteRowsPerSecond != null) {
      double ratio = perSecond / bench.sqliteRowsPerSecond;
      result.put("ratio_to_sqlite_limit", Fmt.round(ratio, 4));
      result.row("ratio to sqlite-limit", Fmt.ratio(ratio) + " of " + Fmt.count(bench.sqliteRowsPerSecond)
          + " batched rows/s (" + Fmt.ratio(ratio * 2) + " counting the 2 rows each send writes)");
    }
    if (bench.schemaSendsPerSecond != null) {
      double ratio = perSecond / bench.schemaSendsPerSecond;
      result.put("ratio_to_send_shaped_limit", Fmt.round(ratio, 4));
      result.row("ratio to send-shaped limit", Fmt.ratio(ratio) + " of " + Fmt.count(bench.schemaSendsPerSecond)
          + " sends/s that the relay's schema allows on this disk without the relay");
    }
    result.row("cpu", cpu.getValue("bench_jvm_cores", "?") + " cores used by the bench JVM"
        + (bench.embedded != null ? " (relay included)" : "") + ", " + cpu.getValue("bench_jvm_us_per_send", "?")
        + " µs per send, machine " + cpu.getValue("machine_busy_pct", "?") + "% busy");
    Map<String, Long> errorCounts = new TreeMap<>();
    errors.forEach((k, v) -> errorCounts.put(k, v.get()));
    result.put("errors", new JsonObject(new java.util.LinkedHashMap<>(errorCounts)));
    if (!errorCounts.isEmpty()) {
      result.row("errors", errorCounts.toString());
    }
    result.note("each send stores 1 delivery row (holding the message) and 1 audit row in one group-committed batch");
    return result;
  }

  /** Each node's senders, sends and latency, as rows and as the JSON array it answers. */
  private JsonArray perNode(ScenarioResult result, int senders) {
    JsonArray nodes = new JsonArray();
    for (int n = 0; n < bench.nodes.size(); n++) {
      RelayClient node = bench.nodes.get(n);
      int nodeSenders = senders / bench.nodes.size() + (n < senders % bench.nodes.size() ? 1 : 0);
      Latencies.Summary latency = nodeLatencies.get(n).summary();
      nodes.add(new JsonObject().put("url", node.baseUrl()).put("node", node.nodeId()).put("senders", nodeSenders)
          .put("sends", latency.count()).put("latency", latency.toJson()));
      result.row("send latency via " + node.label() + " p50/p99/p99.9", latency.cell() + ", " + nodeSenders
          + " senders");
    }
    return nodes;
  }

  private void next(RelayClient relay, String key, Buffer[] bodies, int lane, long k, CountDownLatch done) {
    if (stopping) {
      done.countDown();
      return;
    }
    boolean inWindow = measuring;
    long started = System.nanoTime();
    relay.post(path, key, bodies[(int) (k % bodies.length)]).onComplete(ar -> {
      long took = System.nanoTime() - started;
      total.incrementAndGet();
      if (ar.succeeded() && ar.result().status() == 201) {
        if (inWindow && measuring) {
          latencies.record(took);
          nodeLatencies.get(Math.floorMod(lane, nodeLatencies.size())).record(took);
          measured.incrementAndGet();
        }
      } else {
        String what = ar.succeeded() ? "http " + ar.result().status() : ar.cause().getClass().getSimpleName();
        errors.computeIfAbsent(what, x -> new AtomicLong()).incrementAndGet();
        relay.vertx().setTimer(10, t -> next(relay, key, bodies, lane, k + 1, done));
        return;
      }
      next(relay, key, bodies, lane, k + 1, done);
    });
  }
}
