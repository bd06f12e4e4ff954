package dev.agentrelay.bench;

import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.BitSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One receiver, on SSE or on long-poll ({@code GET /inbox?wait=}), and one sender sending direct messages
 * to it at a fixed rate (open loop: a send is never held back by a slow answer). Each message carries the
 * bench's {@code System.nanoTime()} at its send in its metadata; the receiver records now minus that stamp
 * (send → durable commit → push → parsed by the receiver). The first {@code --warmup} seconds of messages
 * (at least 50) are not recorded: a relay that has just started is still compiling its hot paths. The
 * receiver acknowledges as it goes, as a real agent would.
 */
final class PushScenario {

  private final Bench bench;

  PushScenario(Bench bench) {
    this.bench = bench;
  }

  ScenarioResult run() {
    ScenarioResult result = new ScenarioResult(BenchOptions.PUSH);
    BenchOptions o = bench.options;
    result.put("rate_per_s", o.pushRate()).put("messages", o.pushMessages());
    for (String mode : o.pushModes()) {
      Mode run = new Mode(mode);
      JsonObject figures = run.run();
      result.put(mode.replace('-', '_'), figures);
      Latencies.Summary s = run.latencies.summary();
      result.row(mode + " send->receive p50/p99/p99.9", s.cell());
      result.row(mode + " send (HTTP 201) p50/p99/p99.9", run.sendLatencies.summary().cell());
      if (figures.getLong("lost", 0L) > 0 || !figures.getJsonObject("errors").isEmpty()) {
        result.row(mode + " problems", "lost " + figures.getLong("lost") + ", errors " + figures.getJsonObject("errors"));
      }
      result.row(mode + " achieved rate", Fmt.count(figures.getDouble("achieved_rate_per_s")) + "/s, cpu "
          + figures.getJsonObject("cpu"));
    }
    return result;
  }

  /** One receiver mode. */
  private final class Mode {

    final String mode;
    final Latencies latencies = new Latencies();
    final Latencies sendLatencies = new Latencies();
    final BitSet seen = new BitSet();
    final AtomicLong received = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong highestSeq = new AtomicLong();
    final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
    final int warmup;
    final int total;
    volatile boolean done;
    long ackedSeq;

    Mode(String mode) {
      this.mode = mode;
      int k = bench.options.pushMessages();
      this.warmup = (int) Math.max(50, Math.round(bench.options.warmupSeconds() * bench.options.pushRate()));
      this.total = warmup + k;
    }

    JsonObject run() {
      RelayClient relay = bench.relay;
      int rate = bench.options.pushRate();
      String rx = bench.agentId("push", mode + "-rx");
      String tx = bench.agentId("push", mode + "-tx");
      String rxKey = Bench.await(relay.register(rx, 2, null), 30);
      String txKey = Bench.await(relay.register(tx, 2, null), 30);
      HttpClientAgent streams = null;
      SseStream stream = null;
      long ackTimer = -1;
      if (mode.equals("sse")) {
        streams = relay.streamClient(1);
        stream = Bench.await(SseStream.open(relay, streams, rxKey, (s, seq, data, now) ->
            onItem(seq, SseStream.number(data, "bench_i"), SseStream.number(data, "bench_ns"), now)), 30);
      } else {
        poll(relay, rxKey, 0);
      }
      ackTimer = bench.vertx.setPeriodic(100, t -> ack(relay, rxKey));
      Bench.sleep(300);
      bench.progress.say("push/%s: %d messages at %d/s (%d warm-up)", mode, total, rate, warmup);

      CpuSample cpuStart = CpuSample.now();
      long start = System.nanoTime();
      AtomicLong sent = new AtomicLong();
      long[] timer = {0};
      timer[0] = bench.vertx.setPeriodic(1, t -> {
        long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L + 1);
        while (sent.get() < due) {
          send(relay, tx, txKey, rx, (int) sent.getAndIncrement());
        }
        if (sent.get() >= total) {
          bench.vertx.cancelTimer(timer[0]);
        }
      });
      long deadline = start + (long) (total * 1e9 / rate) + 15_000_000_000L;
      long lastReport = System.nanoTime();
      while (received.get() < total && System.nanoTime() < deadline) {
        Bench.sleep(20);
        if (System.nanoTime() - lastReport > 5e9) {
          lastReport = System.nanoTime();
          bench.progress.say("push/%s: sent %,d, received %,d", mode, sent.get(), received.get());
        }
      }
      long elapsed = System.nanoTime() - start;
      CpuSample cpuEnd = CpuSample.now();
      bench.vertx.cancelTimer(timer[0]);
      done = true;
      bench.vertx.cancelTimer(ackTimer);
      if (stream != null) {
        stream.close();
      }
      if (streams != null) {
        Bench.await(streams.close(), 10);
      }
      Map<String, Long> errorCounts = new TreeMap<>();
      errors.forEach((k, v) -> errorCounts.put(k, v.get()));
      return new JsonObject()
          .put("latency", latencies.summary().toJson())
          .put("send_latency", sendLatencies.summary().toJson())
          .put("warmup_messages", warmup)
          .put("sent", sent.get())
          .put("received", received.get())
          .put("lost", Math.max(0, total - received.get()))
          .put("duplicates", duplicates.get())
          .put("achieved_rate_per_s", Fmt.round(received.get() / (elapsed / 1e9), 1))
          .put("errors", new JsonObject(new java.util.LinkedHashMap<>(errorCounts)))
          .put("cpu", cpuStart.until(cpuEnd));
    }

    private void send(RelayClient relay, String tx, String txKey, String rx, int i) {
      long stamp = System.nanoTime();
      JsonObject body = new JsonObject().put("to_agent", rx).put("content", "push " + i)
          .put("metadata", new JsonObject().put("bench_run", bench.runId).put("bench_i", i).put("bench_ns", stamp));
      relay.post(RelayClient.API + "/messages", txKey, body.toBuffer()).onComplete(ar -> {
        if (ar.succeeded() && ar.result().status() == 201) {
          if (i >= warmup) {
            sendLatencies.record(System.nanoTime() - stamp);
          }
        } else {
          String what = ar.succeeded() ? "http " + ar.result().status() : ar.cause().getClass().getSimpleName();
          errors.computeIfAbsent(what, x -> new AtomicLong()).incrementAndGet();
        }
      });
    }

    private void onItem(long seq, long i, long stamp, long now) {
      if (i < 0 || stamp < 0) {
        return;
      }
      highestSeq.accumulateAndGet(seq, Math::max);
      synchronized (seen) {
        if (seen.get((int) i)) {
          duplicates.incrementAndGet();
          return;
        }
        seen.set((int) i);
      }
      if (i >= warmup) {
        latencies.record(now - stamp);
      }
      received.incrementAndGet();
    }

    /** One long-poll after another, each resuming after the last seq seen. */
    private void poll(RelayClient relay, String key, long after) {
      if (done) {
        return;
      }
      relay.get(RelayClient.API + "/inbox?wait=30&limit=200&after=" + after, key).onComplete(ar -> {
        long now = System.nanoTime();
        if (ar.failed() || ar.result().status() != 200) {
          String what = ar.succeeded() ? "poll http " + ar.result().status() : ar.cause().getClass().getSimpleName();
          errors.computeIfAbsent(what, x -> new AtomicLong()).incrementAndGet();
          bench.vertx.setTimer(50, t -> poll(relay, key, after));
          return;
        }
        JsonObject page = ar.result().json();
        JsonArray items = page.getJsonArray("items");
        for (int n = 0; n < items.size(); n++) {
          JsonObject item = items.getJsonObject(n);
          JsonObject metadata = item.getJsonObject("message", new JsonObject())
              .getJsonObject("metadata", new JsonObject());
          onItem(item.getLong("seq"), metadata.getLong("bench_i", -1L), metadata.getLong("bench_ns", -1L), now);
        }
        poll(relay, key, page.getLong("next_after", after));
      });
    }

    private void ack(RelayClient relay, String key) {
      long upTo = highestSeq.get();
      if (upTo > ackedSeq) {
        ackedSeq = upTo;
        relay.post(RelayClient.API + "/inbox/ack", key, new JsonObject().put("up_to_seq", upTo).toBuffer())
            .onFailure(e -> errors.computeIfAbsent("ack " + e.getClass().getSimpleName(), x -> new AtomicLong())
                .incrementAndGet());
      }
    }
  }
}
