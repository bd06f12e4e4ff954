package dev.agentrelay.bench;

import dev.agentrelay.core.bus.StoreClient;
import dev.agentrelay.core.bus.WriteCommand;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.EventType;
import dev.agentrelay.core.model.Ids;
import dev.agentrelay.core.model.Message;
import dev.agentrelay.core.model.MessageRole;
import dev.agentrelay.core.model.Part;
import dev.agentrelay.core.model.Times;
import dev.agentrelay.core.store.DeliveryStore;
import dev.agentrelay.core.store.Retention;
import dev.agentrelay.core.store.WriteContext;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One retention round over a big backlog: a relay of its own is filled through its store with acknowledged
 * deliveries ({@code --retention-rows}: 1,000,000 by default, quick runs 100,000) acknowledged long ago, then
 * sends go on at a fixed rate while the round's bounded passes (the same {@link Retention} commands
 * housekeeping chains) delete them and give the space back. Figures: how long the
 * round took, and the send p99 during it against the p99 of the same sends without a round (target: within
 * 2x). The sends just before the round still meet the fill's aftermath (its WAL being checkpointed), so the
 * window "without" is the one just after the round; the one before is shown too.
 */
final class RetentionScenario {

  static final String NAME = "retention";
  private static final int SEND_RATE = 100;
  /** Sends before the baseline is measured: the relay settles after the fill (WAL checkpoints, JIT). */
  private static final Duration WARMUP = Duration.ofSeconds(10);
  /** After the fill, one send at a time until this many in a row answer within {@link #SETTLED_MILLIS}. */
  private static final int SETTLED_SENDS = 20;
  private static final long SETTLED_MILLIS = 100;
  private static final Duration SETTLE_MAX = Duration.ofMinutes(3);
  private static final Duration BASELINE = Duration.ofSeconds(15);
  private static final double TARGET_RATIO = 2.0;

  private final Bench bench;
  private final Latencies baseline = new Latencies();
  private final Latencies duringPass = new Latencies();
  private final Latencies afterPass = new Latencies();
  private final AtomicLong failedSends = new AtomicLong();
  private final AtomicBoolean sending = new AtomicBoolean(true);
  private volatile Latencies bucket;

  RetentionScenario(Bench bench) {
    this.bench = bench;
  }

  ScenarioResult run() throws Exception {
    int rows = bench.options.retentionRows();
    // the relay's own housekeeping keeps deliveries (retention 0), so the one round measured is this scenario's
    Map<String, String> settings = Map.of("RELAY_RETENTION_ACKED", "0");
    try (EmbeddedRelay relay = EmbeddedRelay.start(bench.workDir.resolve("retention"), settings);
        RelayClient client = new RelayClient(bench.vertx, URI.create(relay.url()), relay.adminKey(), 64)) {
      String sender = bench.agentId("retention", "s");
      String recipient = bench.agentId("retention", "r");
      Map<String, String> keys = Bench.await(client.registerAll(List.of(sender, recipient), 2), 60);
      long fillStarted = System.nanoTime();
      fill(relay.store(), recipient, sender, rows);
      double fillSeconds = (System.nanoTime() - fillStarted) / 1e9;
      long bytesFull = Files.size(relay.database());
      bench.progress.say("retention: %,d acknowledged deliveries in %.0f s, database %s bytes", rows, fillSeconds,
          Fmt.count(bytesFull));
      Buffer body = new JsonObject().put("to_agent", recipient).put("content", "retention bench send").toBuffer();
      settle(client, keys.get(sender), body);
      Thread sends = new Thread(() -> send(client, keys.get(sender), body), "retention-sender");
      sends.start();
      Bench.sleep(WARMUP.toMillis());
      bucket = baseline;
      Bench.sleep(BASELINE.toMillis());
      bucket = duringPass;
      long roundStarted = System.nanoTime();
      Round round = round(relay.store());
      double roundSeconds = (System.nanoTime() - roundStarted) / 1e9;
      bucket = afterPass;
      Bench.sleep(BASELINE.toMillis());
      sending.set(false);
      sends.join();
      return result(rows, fillSeconds, bytesFull, Files.size(relay.database()), round, roundSeconds);
    }
  }

  private void fill(StoreClient store, String recipient, String sender, int rows) {
    long acknowledgedAt = System.currentTimeMillis() - Duration.ofDays(1).toMillis();
    AtomicLong done = new AtomicLong();
    int chunks = (rows + AcknowledgedFill.PER_COMMAND - 1) / AcknowledgedFill.PER_COMMAND;
    for (int i = 0; i < chunks; i++) {
      int n = Math.min(AcknowledgedFill.PER_COMMAND, rows - i * AcknowledgedFill.PER_COMMAND);
      done.addAndGet(Bench.await(store.write(new AcknowledgedFill(recipient, sender, n, acknowledgedAt)), 300));
      if (i % 50 == 49) {
        bench.progress.say("retention: filled %,d of %,d", done.get(), rows);
      }
    }
  }

  /**
   * Waits until sends are quick again after the fill (its WAL checkpointed and written back): a paced load
   * started earlier queues behind that work and would blame the round for it.
   */
  private void settle(RelayClient client, String key, Buffer body) {
    long started = System.nanoTime();
    int quickInARow = 0;
    while (quickInARow < SETTLED_SENDS && System.nanoTime() - started < SETTLE_MAX.toNanos()) {
      long sent = System.nanoTime();
      RelayClient.Reply reply = Bench.await(client.post(RelayClient.API + "/messages", key, body), 120);
      boolean quick = reply.status() == 201 && System.nanoTime() - sent < SETTLED_MILLIS * 1_000_000;
      quickInARow = quick ? quickInARow + 1 : 0;
    }
    bench.progress.say("retention: settled after %.0f s", (System.nanoTime() - started) / 1e9);
  }

  private void send(RelayClient client, String key, Buffer body) {
    long start = System.nanoTime();
    for (long i = 0; sending.get(); i++) {
      long wait = start + (long) (i * 1e9 / SEND_RATE) - System.nanoTime();
      if (wait > 0) {
        Bench.sleep(wait / 1_000_000);
      }
      long started = System.nanoTime();
      Latencies into = bucket;
      client.post(RelayClient.API + "/messages", key, body).onComplete(done -> {
        if (done.succeeded() && done.result().status() == 201) {
          if (into != null) {
            into.record(System.nanoTime() - started);
          }
        } else {
          failedSends.incrementAndGet();
        }
      });
    }
  }

  /** What the round did: passes run, deliveries deleted, vacuum passes. */
  private record Round(int deliveryPasses, long deleted, int vacuumPasses) {
  }

  /** The passes of one housekeeping round's delivery retention and vacuum, chained as Housekeeping chains them. */
  private Round round(StoreClient store) {
    long cutoff = System.currentTimeMillis() - Duration.ofHours(1).toMillis();
    int passes = 0;
    long deleted = 0;
    long after = 0;
    while (after >= 0) {
      Retention.Pass pass = Bench.await(store.write(Retention.deliveries(cutoff, after)), 300);
      passes++;
      deleted += pass.deleted();
      after = pass.more() ? pass.nextAfter() : -1;
    }
    int vacuums = 0;
    long freeBefore = -1;
    while (true) {
      long left = Bench.await(store.write(Retention.vacuum()), 300);
      vacuums++;
      if (left == 0 || (freeBefore >= 0 && left >= freeBefore)) {
        break;
      }
      freeBefore = left;
    }
    bench.progress.say("retention: %,d deleted in %d passes, %d vacuum passes", deleted, passes, vacuums);
    return new Round(passes, deleted, vacuums);
  }

  private ScenarioResult result(int rows, double fillSeconds, long bytesFull, long bytesAfter, Round round,
      double roundSeconds) {
    Latencies.Summary before = baseline.summary();
    Latencies.Summary during = duringPass.summary();
    Latencies.Summary without = afterPass.summary();
    double ratio = without.p99() > 0 ? during.p99() / without.p99() : 0;
    ScenarioResult result = new ScenarioResult(NAME);
    result.put("rows", rows).put("fill_s", Fmt.round(fillSeconds, 1)).put("round_s", Fmt.round(roundSeconds, 1))
        .put("deleted", round.deleted()).put("delivery_passes", round.deliveryPasses())
        .put("vacuum_passes", round.vacuumPasses()).put("database_bytes_full", bytesFull)
        .put("database_bytes_after", bytesAfter).put("failed_sends", failedSends.get())
        .put("latency_before", before.toJson()).put("latency_during", during.toJson())
        .put("latency_after", without.toJson())
        .put("p99_ratio", Fmt.round(ratio, 2)).put("within_target", ratio <= TARGET_RATIO);
    result.row("backlog", Fmt.count(rows) + " acknowledged deliveries, filled in " + Fmt.round(fillSeconds, 0) + " s");
    result.row("retention round", Fmt.count(round.deleted()) + " deleted in " + Fmt.round(roundSeconds, 1) + " s ("
        + round.deliveryPasses() + " passes of " + Retention.PASS_ROWS + " rows, " + round.vacuumPasses()
        + " vacuum passes)");
    result.row("database file", Fmt.count(bytesFull) + " -> " + Fmt.count(bytesAfter) + " bytes");
    result.row("send latency at " + SEND_RATE + "/s, before the round", before.cell());
    result.row("send latency at " + SEND_RATE + "/s, during the round", during.cell());
    result.row("send latency at " + SEND_RATE + "/s, after the round", without.cell());
    result.row("p99 during / after", Fmt.round(ratio, 2) + " (target <= " + TARGET_RATIO + ")");
    return result;
  }

  /** A bench-only write command: {@code count} direct-message deliveries, made and acknowledged at {@code ackedAt}. */
  record AcknowledgedFill(String recipient, String sender, int count, long ackedAt) implements WriteCommand<Integer> {

    static final int PER_COMMAND = 2000;
    // made and acknowledged a day ago, as a backlog that retention finds after a long stop would be
    private static final String BACKDATE = "UPDATE deliveries SET created_at = ?1, acked_at = ?1"
        + " WHERE seq >= ?2 AND seq <= ?3";

    @Override
    public Integer apply(WriteContext tx) throws SQLException {
      List<Part> parts = List.of(Part.text(Prefill.CONTENT));
      String createdAt = Times.format(tx.now());
      long first = -1;
      long last = -1;
      for (int i = 0; i < count; i++) {
        Message message = new Message(Ids.next(Ids.MESSAGE, tx.now()), null, Ids.next(Ids.CONTEXT, tx.now()), sender,
            recipient, MessageRole.AGENT, parts, Json.object(), createdAt);
        long seq = DeliveryStore.deliver(tx, recipient, EventType.MESSAGE_NEW, sender, null, null, message, null)
            .seq();
        first = first < 0 ? seq : first;
        last = seq;
      }
      DeliveryStore.ackUpTo(tx, recipient, last);
      tx.update(BACKDATE, ackedAt, first, last);
      return count;
    }
  }
}
