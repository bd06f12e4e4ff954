package dev.agentrelay.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How fast the MCP bridge wakes a CLI agent: for each rate, a fresh bridge process (the real jar) with a stdio
 * client, and a sender of direct messages to its agent at that rate (open loop). Each message's text carries
 * its number; the latency is from just before its send to the moment the client reads the
 * {@code notifications/claude/channel} that first tells of it: its own, or a summary. Above 20 items in a second
 * the bridge tells of the rest in one summary per second by design; a summary of N items is taken to tell of the
 * N oldest items not yet told of (one sender, so items arrive about in send order). Both figures are reported:
 * all items (first notice) and the items notified alone. The client acknowledges as it goes (every 500 ms), as
 * an agent would. The bridge's VmRSS and VmHWM are read at the end.
 */
final class WakeScenario {

  private static final String CHANNEL = "notifications/claude/channel";
  private static final Pattern MARKER = Pattern.compile("wake (\\d+)");

  private final Bench bench;

  WakeScenario(Bench bench) {
    this.bench = bench;
  }

  ScenarioResult run() throws Exception {
    ScenarioResult result = new ScenarioResult(BenchOptions.WAKE);
    Path jar = BridgeProcess.findJar(bench.options.bridgeJar());
    result.put("bridge_jar", jar.toString());
    for (int rate : bench.options.wakeRates()) {
      JsonObject figures = new Run(rate, jar).run();
      result.put("rate_" + rate, figures);
      result.row("wake " + rate + "/s send->first notice p50/p99/p99.9",
          cell(figures.getJsonObject("latency")));
      result.row("wake " + rate + "/s send->own notification p50/p99/p99.9",
          cell(figures.getJsonObject("latency_alone")));
      result.row("wake " + rate + "/s notified alone / in summaries / missing", figures.getLong("alone") + " / "
          + figures.getLong("summarised") + " / " + figures.getLong("missing"));
      result.row("wake " + rate + "/s bridge RSS (peak)", Fmt.mib(figures.getLong("bridge_rss_bytes")) + " ("
          + Fmt.mib(figures.getLong("bridge_hwm_bytes")) + ")");
    }
    return result;
  }

  private static String cell(JsonObject latency) {
    return Fmt.ms(latency.getDouble("p50_ms")) + " / " + Fmt.ms(latency.getDouble("p99_ms")) + " / "
        + Fmt.ms(latency.getDouble("p999_ms")) + " ms (" + latency.getLong("count") + " timed)";
  }

  /** One rate: its own agents and bridge. */
  private final class Run {

    final int rate;
    final Path jar;
    final int warmup;
    final int total;
    final AtomicLongArray sentAt;
    final BitSet told;
    final Latencies latencies = new Latencies();
    final Latencies aloneLatencies = new Latencies();
    final AtomicLong alone = new AtomicLong();
    final AtomicLong summarised = new AtomicLong();
    final AtomicLong highestSeq = new AtomicLong();
    final CompletableFuture<Void> awake = new CompletableFuture<>();

    /** Reader thread only: the oldest item not yet told of. */
    int oldestUntold;

    Run(int rate, Path jar) {
      this.rate = rate;
      this.jar = jar;
      this.warmup = Math.max(10, 2 * rate);
      this.total = warmup + (int) Math.round(bench.options.wakeSeconds() * rate);
      this.sentAt = new AtomicLongArray(total);
      this.told = new BitSet(total);
    }

    JsonObject run() throws Exception {
      RelayClient relay = bench.relay;
      String rx = bench.agentId("wake", rate + "-rx");
      String tx = bench.agentId("wake", rate + "-tx");
      String rxKey = Bench.await(relay.register(rx, 2, null), 30);
      String txKey = Bench.await(relay.register(tx, 2, null), 30);
      Path log = bench.workDir.resolve("bridge-" + rate + ".log");
      try (BridgeProcess bridge = BridgeProcess.start(jar, relay.baseUrl(), rx, rxKey, log, this::onMessage)) {
        awaitAwake(relay, txKey, rx);
        bench.progress.say("wake: %d messages at %d/s (%d warm-up)", total, rate, warmup);
        long ackTimer = bench.vertx.setPeriodic(500, t -> ack(relay, rxKey));
        long elapsed = send(relay, txKey, rx);
        bench.vertx.cancelTimer(ackTimer);
        long[] memory = Machine.residentMemory(bridge.pid());
        long counted = alone.get() + summarised.get();
        return new JsonObject()
            .put("rate_per_s", rate)
            .put("warmup_messages", warmup)
            .put("sent", total)
            .put("latency", latencies.summary().toJson())
            .put("latency_alone", aloneLatencies.summary().toJson())
            .put("alone", alone.get())
            .put("summarised", summarised.get())
            .put("missing", Math.max(0, total - counted))
            .put("achieved_rate_per_s", Fmt.round(total / (elapsed / 1e9), 1))
            .put("bridge_rss_bytes", memory[0])
            .put("bridge_hwm_bytes", memory[1]);
      }
    }

    /** One message before the run, until its notification shows the bridge follows the inbox. */
    private void awaitAwake(RelayClient relay, String txKey, String rx) throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!awake.isDone() && System.nanoTime() < deadline) {
        post(relay, txKey, rx, "awake?");
        try {
          awake.get(2, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException notYet) {
          // the follower may still be starting: ask again
        }
      }
      if (!awake.isDone()) {
        throw new IllegalStateException("the bridge sent no channel notification within 60 s");
      }
    }

    /** Sends every message at the rate; answers the nanoseconds the sends and their notifications took. */
    private long send(RelayClient relay, String txKey, String rx) {
      long start = System.nanoTime();
      AtomicLong sent = new AtomicLong();
      long[] timer = {0};
      timer[0] = bench.vertx.setPeriodic(1, t -> {
        long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L + 1);
        while (sent.get() < due) {
          int i = (int) sent.getAndIncrement();
          sentAt.set(i, System.nanoTime());
          post(relay, txKey, rx, "wake " + i);
        }
        if (sent.get() >= total) {
          bench.vertx.cancelTimer(timer[0]);
        }
      });
      long deadline = start + (long) (total * 1e9 / rate) + TimeUnit.SECONDS.toNanos(10);
      while (alone.get() + summarised.get() < total && System.nanoTime() < deadline) {
        Bench.sleep(20);
      }
      bench.vertx.cancelTimer(timer[0]);
      return System.nanoTime() - start;
    }

    private void post(RelayClient relay, String txKey, String rx, String text) {
      relay.post(RelayClient.API + "/messages", txKey, new JsonObject().put("to_agent", rx).put("content", text)
          .toBuffer());
    }

    private void onMessage(JsonNode message, long nanos) {
      if (!CHANNEL.equals(message.path("method").asText())) {
        return;
      }
      JsonNode params = message.path("params");
      JsonNode meta = params.path("meta");
      if (meta.has("count")) {
        // a summary: of items waiting before the run (the readiness probes), or of a burst's rest
        if (awake.isDone()) {
          long count = meta.path("count").asLong();
          summarised.addAndGet(count);
          for (long k = 0; k < count; k++) {
            tell(nextUntold(), nanos);
          }
        }
        return;
      }
      highestSeq.accumulateAndGet(meta.path("seq").asLong(), Math::max);
      awake.complete(null);
      Matcher marker = MARKER.matcher(params.path("content").asText());
      if (!marker.find()) {
        return;
      }
      int i = Integer.parseInt(marker.group(1));
      alone.incrementAndGet();
      if (tell(i, nanos)) {
        aloneLatencies.record(nanos - sentAt.get(i));
      }
    }

    private int nextUntold() {
      while (oldestUntold < total && told.get(oldestUntold)) {
        oldestUntold++;
      }
      return oldestUntold;
    }

    /** Records item {@code i}'s first notice; answers whether it is a measured item told of for the first time. */
    private boolean tell(int i, long nanos) {
      if (i >= total || told.get(i)) {
        return false;
      }
      told.set(i);
      if (i < warmup) {
        return false;
      }
      latencies.record(nanos - sentAt.get(i));
      return true;
    }

    private void ack(RelayClient relay, String key) {
      relay.post(RelayClient.API + "/inbox/ack", key, new JsonObject().put("up_to_seq", highestSeq.get()).toBuffer());
    }
  }
}
