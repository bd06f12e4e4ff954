package dev.agentrelay.bench;

import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * One receiver, on SSE or on long-poll ({@code GET /inbox?wait=}), and one sender sending direct messages
 * to it at fixed rates, one run per rate of {@code --rates} (open loop: a send is never held back by a slow
 * answer). Each message carries the bench's {@code System.nanoTime()} at its send in its metadata; the
 * receiver records now minus that stamp (send → durable commit → push → parsed by the receiver). Before the
 * rates, a warm-up that is not recorded: {@code --warmup} seconds at the fastest rate (at least 50 messages),
 * then three times as long at {@value #IDLE_WARMUP_RATE}/s. A relay that has just started is still compiling
 * its hot paths, and a fast rate compiles only those of a busy relay: when messages come apart, every
 * thread on their path wakes from sleep for each one, and those wake-up paths of the event loops, the
 * writer's queue and their callers are run (and compiled) only then. A relay that has run for a while has
 * compiled both. The first messages of each rate are not recorded either (they still show the previous
 * rate). The receiver acknowledges as it goes, as a real agent would. Between two sends the bench's sender
 * and receiver sleep (no polling timer), so that at low rates the machine is as idle as it is beside a real
 * agent. The sender and the long-poll receiver each make their requests on connections of their own event
 * loop ({@link LoopClient}), as the SSE stream does: no request or answer crosses between the bench's
 * threads, so a message wakes no more threads than a real agent's. With two or more nodes, the sender sends
 * through the first and the receiver listens (and acknowledges) on the second: every figure is then a cross-node
 * push, and the rows name both nodes.
 */
final class PushScenario {

  /** Messages at the start of each rate that are not recorded: the hand-over from the rate before. */
  private static final int SETTLE = 2;
  /** The rate of the second warm-up: slow enough that the relay's threads sleep between two messages. */
  static final int IDLE_WARMUP_RATE = 100;
  /** How much longer than {@code --warmup} the second warm-up runs. */
  private static final int IDLE_WARMUP_FACTOR = 3;
  /** The sender's connections: enough for the sends in flight at the fastest rate (open loop). */
  private static final int SENDER_CONNECTIONS = 32;

  private final Bench bench;

  PushScenario(Bench bench) {
    this.bench = bench;
  }

  ScenarioResult run() {
    ScenarioResult result = new ScenarioResult(BenchOptions.PUSH);
    BenchOptions o = bench.options;
    List<Integer> rates = o.pushRates();
    result.put("rates_per_s", new JsonArray(new ArrayList<>(rates)))
        .put("warmup_s", o.warmupSeconds())
        .put("warmups", new JsonArray(warmups(o, rates).stream().map(Warmup::toJson).toList()));
    bench.progress.say("push: rates %s/s, modes %s: about %s", rates, o.pushModes(), duration(o, rates));
    String via = "";
    String on = "";
    if (crossNode(bench)) {
      RelayClient sender = bench.node(0);
      RelayClient listener = bench.node(1);
      via = " via " + sender.label();
      on = " on " + listener.label();
      result.put("cross_node", true).put("sent_via", sender.label()).put("heard_on", listener.label());
      result.row("cross-node push", "sent via " + sender.label() + ", heard on " + listener.label());
      if (sender.nodeId() != null && sender.nodeId().equals(listener.nodeId())) {
        result.note("both URLs answered as node " + sender.nodeId() + ": these pushes did not cross nodes");
      }
    }
    Map<Integer, Latencies> sends = new TreeMap<>();
    Map<Integer, JsonObject> perRate = new TreeMap<>();
    rates.forEach(rate -> {
      sends.put(rate, new Latencies());
      perRate.put(rate, new JsonObject().put("rate_per_s", rate).put("messages", o.pushMessagesAt(rate)));
    });
    for (String mode : o.pushModes()) {
      Mode run = new Mode(mode, rates);
      run.run();
      for (Phase phase : run.phases) {
        if (phase.recorded) {
          phase.send.copyInto(sends.get(phase.rate));
          perRate.get(phase.rate).put(key(mode), phase.toJson());
        }
      }
    }
    for (int rate : rates) {
      JsonObject figures = perRate.get(rate);
      Latencies.Summary send = sends.get(rate).summary();
      figures.put("send_latency", send.toJson());
      result.put("rate_" + rate, figures);
      result.row(rate + "/s send" + via + " (HTTP 201) p50/p99/p99.9", send.cell());
      for (String mode : o.pushModes()) {
        JsonObject m = figures.getJsonObject(key(mode));
        result.row(rate + "/s send" + via + "->" + mode + on + " p50/p99/p99.9",
            Latencies.Summary.fromJson(m.getJsonObject("latency")).cell());
        if (m.getLong("lost", 0L) > 0 || !m.getJsonObject("errors").isEmpty()) {
          result.row(rate + "/s " + mode + " problems", "lost " + m.getLong("lost") + ", errors "
              + m.getJsonObject("errors"));
        }
        result.row(rate + "/s " + mode + " achieved rate", Fmt.count(m.getDouble("achieved_rate_per_s")) + "/s, cpu "
            + m.getJsonObject("cpu"));
      }
    }
    return result;
  }

  /** Whether the pushes cross nodes: with two or more, the sender and the receiver use different ones. */
  static boolean crossNode(Bench bench) {
    return bench.nodes.size() > 1;
  }

  /** The key of a mode in the JSON: sse, long_poll. */
  static String key(String mode) {
    return mode.replace('-', '_');
  }

  /** A warm-up phase: {@code messages} at {@code rate} per second, not recorded. */
  record Warmup(int rate, int messages) {

    JsonObject toJson() {
      return new JsonObject().put("rate_per_s", rate).put("messages", messages);
    }
  }

  /** The warm-ups before the rates: the fastest rate, then (when that is faster) {@value #IDLE_WARMUP_RATE}/s. */
  static List<Warmup> warmups(BenchOptions o, List<Integer> rates) {
    int fastest = rates.stream().mapToInt(r -> r).max().orElseThrow();
    List<Warmup> warmups = new ArrayList<>();
    warmups.add(new Warmup(fastest, (int) Math.max(50, Math.round(o.warmupSeconds() * fastest))));
    if (fastest > IDLE_WARMUP_RATE) {
      warmups.add(new Warmup(IDLE_WARMUP_RATE,
          (int) Math.max(50, Math.round(o.warmupSeconds() * IDLE_WARMUP_FACTOR * IDLE_WARMUP_RATE))));
    }
    return warmups;
  }

  private static String duration(BenchOptions o, List<Integer> rates) {
    double seconds = 0.5;
    for (Warmup warmup : warmups(o, rates)) {
      seconds += warmup.messages() / (double) warmup.rate();
    }
    for (int rate : rates) {
      seconds += (o.pushMessagesAt(rate) + SETTLE) / (double) rate;
    }
    seconds *= o.pushModes().size();
    return seconds < 120 ? Math.round(seconds) + " s" : Math.round(seconds / 60) + " min";
  }

  /** A stretch of messages at one rate: the warm-up (not recorded) or one rate's run. */
  private static final class Phase {

    final int rate;
    final boolean recorded;
    /** Index of the first message of this phase and of the first recorded one; one past its last. */
    final int first;
    final int firstRecorded;
    final int end;
    final Latencies receive = new Latencies();
    final Latencies send = new Latencies();
    final AtomicLong received = new AtomicLong();
    final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
    final CountDownLatch complete;
    long startedNanos;
    long endedNanos;
    JsonObject cpu = new JsonObject();

    Phase(int rate, boolean recorded, int first, int settle, int messages) {
      this.rate = rate;
      this.recorded = recorded;
      this.first = first;
      this.firstRecorded = first + settle;
      this.end = first + settle + messages;
      this.complete = new CountDownLatch(end - first);
    }

    boolean records(int i) {
      return recorded && i >= firstRecorded;
    }

    JsonObject toJson() {
      Map<String, Long> errorCounts = new TreeMap<>();
      errors.forEach((k, v) -> errorCounts.put(k, v.get()));
      long all = end - first;
      double seconds = Math.max(1e-9, (endedNanos - startedNanos) / 1e9);
      return new JsonObject()
          .put("latency", receive.summary().toJson())
          .put("send_latency", send.summary().toJson())
          .put("settle_messages", firstRecorded - first)
          .put("sent", all)
          .put("received", received.get())
          .put("lost", Math.max(0, all - received.get()))
          .put("achieved_rate_per_s", Fmt.round(received.get() / seconds, 1))
          .put("errors", new JsonObject(new LinkedHashMap<>(errorCounts)))
          .put("cpu", cpu);
    }
  }

  /** One receiver mode through every rate. */
  private final class Mode {

    final String mode;
    final List<Phase> phases = new ArrayList<>();
    final BitSet seen = new BitSet();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong highestSeq = new AtomicLong();
    final int total;
    final AtomicBoolean ackDue = new AtomicBoolean();
    volatile boolean done;
    /** The phase running now: where failures of polls and acks are counted. */
    volatile Phase current;
    volatile long ackedSeq;
    RelayClient relay;
    String rxKey;
    LoopClient sender;
    LoopClient poller;

    Mode(String mode, List<Integer> rates) {
      this.mode = mode;
      BenchOptions o = bench.options;
      for (Warmup warmup : warmups(o, rates)) {
        phases.add(new Phase(warmup.rate(), false, phases.isEmpty() ? 0 : phases.get(phases.size() - 1).end, 0,
            warmup.messages()));
      }
      for (int rate : rates) {
        phases.add(new Phase(rate, true, phases.get(phases.size() - 1).end, SETTLE, o.pushMessagesAt(rate)));
      }
      this.total = phases.get(phases.size() - 1).end;
      this.current = phases.get(0);
    }

    Phase phaseOf(int i) {
      for (Phase phase : phases) {
        if (i < phase.end) {
          return phase;
        }
      }
      return phases.get(phases.size() - 1);
    }

    void run() {
      RelayClient senderNode = bench.node(0);
      RelayClient listener = bench.node(1);
      String rx = bench.agentId("push", mode + "-rx");
      String tx = bench.agentId("push", mode + "-tx");
      rxKey = Bench.await(bench.relay.register(rx, 2, null), 30);
      this.relay = listener;
      String txKey = Bench.await(bench.relay.register(tx, 2, null), 30);
      HttpClientAgent streams = null;
      SseStream stream = null;
      sender = new LoopClient(senderNode, SENDER_CONNECTIONS);
      try {
        if (mode.equals("sse")) {
          streams = relay.streamClient(1);
          stream = Bench.await(SseStream.open(relay, streams, rxKey, (s, seq, data, now) ->
              onItem(seq, SseStream.number(data, "bench_i"), SseStream.number(data, "bench_ns"), now)), 30);
        } else {
          poller = new LoopClient(relay, 1);
          poller.run(() -> poll(rxKey, 0));
        }
        Bench.sleep(300);
        for (Phase phase : phases) {
          bench.progress.say("push/%s: %s%d messages at %d/s", mode, phase.recorded ? "" : "warm-up, ",
              phase.end - phase.first, phase.rate);
          runPhase(tx, txKey, rx, phase);
        }
      } finally {
        done = true;
        if (stream != null) {
          stream.close();
        }
        if (streams != null) {
          Bench.await(streams.close(), 10);
        }
        sender.close();
        if (poller != null) {
          poller.close();
        }
      }
    }

    private void runPhase(String tx, String txKey, String rx, Phase phase) {
      CpuSample cpuStart = CpuSample.now();
      current = phase;
      phase.startedNanos = System.nanoTime();
      new Pacer(phase, i -> send(tx, txKey, rx, i)).start();
      long deadline = phase.startedNanos + (long) ((phase.end - phase.first) * 1e9 / phase.rate) + 15_000_000_000L;
      try {
        while (!phase.complete.await(5, TimeUnit.SECONDS) && System.nanoTime() < deadline) {
          bench.progress.say("push/%s at %d/s: received %,d of %,d", mode, phase.rate, phase.received.get(),
              phase.end - phase.first);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      phase.endedNanos = System.nanoTime();
      phase.cpu = cpuStart.until(CpuSample.now());
    }

    /** Sends a phase's messages on time from the sender's event loop: one timer per due send, none in between. */
    private final class Pacer {

      final Phase phase;
      final IntConsumer send;
      int next;

      Pacer(Phase phase, IntConsumer send) {
        this.phase = phase;
        this.send = send;
        this.next = phase.first;
      }

      void start() {
        sender.run(this::tick);
      }

      private void tick() {
        long elapsed = System.nanoTime() - phase.startedNanos;
        long due = Math.min(phase.end, phase.first + elapsed * phase.rate / 1_000_000_000L + 1);
        while (next < due) {
          send.accept(next++);
        }
        if (next < phase.end) {
          long dueNanos = phase.startedNanos + (next - phase.first) * 1_000_000_000L / phase.rate;
          long delayMillis = Math.max(1, (dueNanos - System.nanoTime() + 999_999) / 1_000_000);
          bench.vertx.setTimer(delayMillis, t -> tick());
        }
      }
    }

    private void send(String tx, String txKey, String rx, int i) {
      Phase phase = phaseOf(i);
      long stamp = System.nanoTime();
      JsonObject body = new JsonObject().put("to_agent", rx).put("content", "push " + i)
          .put("metadata", new JsonObject().put("bench_run", bench.runId).put("bench_i", i).put("bench_ns", stamp));
      sender.post(RelayClient.API + "/messages", txKey, body.toBuffer()).onComplete(ar -> {
        if (ar.succeeded() && ar.result().status() == 201) {
          if (phase.records(i)) {
            phase.send.record(System.nanoTime() - stamp);
          }
        } else {
          String what = ar.succeeded() ? "http " + ar.result().status() : ar.cause().getClass().getSimpleName();
          phase.errors.computeIfAbsent(what, x -> new AtomicLong()).incrementAndGet();
        }
      });
    }

    private void onItem(long seq, long i, long stamp, long now) {
      if (i < 0 || stamp < 0 || i >= total) {
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
      Phase phase = phaseOf((int) i);
      if (phase.records((int) i)) {
        phase.receive.record(now - stamp);
      }
      phase.received.incrementAndGet();
      phase.complete.countDown();
      if (ackDue.compareAndSet(false, true)) {
        bench.vertx.setTimer(100, t -> ack());
      }
    }

    /** One long-poll after another, each resuming after the last seq seen; on the poller's event loop. */
    private void poll(String key, long after) {
      if (done) {
        return;
      }
      poller.get(RelayClient.API + "/inbox?wait=30&limit=200&after=" + after, key).onComplete(ar -> {
        long now = System.nanoTime();
        if (ar.failed() || ar.result().status() != 200) {
          if (!done) {
            String what = ar.succeeded() ? "poll http " + ar.result().status() : ar.cause().getClass().getSimpleName();
            current.errors.computeIfAbsent(what, x -> new AtomicLong()).incrementAndGet();
            bench.vertx.setTimer(50, t -> poll(key, after));
          }
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
        poll(key, page.getLong("next_after", after));
      });
    }

    /** At most one ack per 100 ms, and none while nothing arrives: an idle receiver sleeps. */
    private void ack() {
      ackDue.set(false);
      long upTo = highestSeq.get();
      if (upTo > ackedSeq && !done) {
        ackedSeq = upTo;
        relay.post(RelayClient.API + "/inbox/ack", rxKey, new JsonObject().put("up_to_seq", upTo).toBuffer())
            .onFailure(e -> current.errors.computeIfAbsent("ack " + e.getClass().getSimpleName(),
                x -> new AtomicLong()).incrementAndGet());
      }
    }
  }
}
