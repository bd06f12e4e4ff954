package dev.agentrelay.bench;

import dev.agentrelay.core.config.RelayConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sustained sends at a fixed rate, each acknowledged by its recipient soon after, for minutes, against a
 * relay of its own whose retention is short (acknowledged deliveries and audit entries alike). Figures: the
 * database file's size over time (it should stay flat once the first retention window has passed) and the
 * send latency before any retention work is possible vs. while retention passes run.
 */
final class SoakScenario {

  private static final long HOUSEKEEPING_MILLIS = 2_000;
  private static final long SAMPLE_MILLIS = 5_000;
  /** The most a flat file may move after the first retention window. */
  static final double FLAT_WITHIN = 0.10;

  private final Bench bench;
  private final Latencies beforeRetention = new Latencies();
  private final Latencies withRetention = new Latencies();
  private final AtomicLong failedSends = new AtomicLong();
  private final AtomicLong acked = new AtomicLong();
  private final AtomicBoolean running = new AtomicBoolean(true);

  SoakScenario(Bench bench) {
    this.bench = bench;
  }

  /** One look at the files. */
  private record Sample(double seconds, long databaseBytes, long walBytes) {
  }

  ScenarioResult run() throws Exception {
    BenchOptions o = bench.options;
    Duration retention = RelayConfig.from(Map.of("RELAY_RETENTION_ACKED", o.soakRetention())).retentionAcked();
    if (retention.isZero()) {
      throw new IllegalArgumentException("--soak-retention must be more than 0: the soak watches retention work");
    }
    Map<String, String> settings = Map.of("RELAY_RETENTION_ACKED", o.soakRetention(),
        "RELAY_RETENTION_AUDIT", o.soakRetention(), "RELAY_HOUSEKEEPING_MS", String.valueOf(HOUSEKEEPING_MILLIS));
    bench.progress.say("soak: starting a relay with RELAY_RETENTION_ACKED=%s, RELAY_RETENTION_AUDIT=%s,"
        + " RELAY_HOUSEKEEPING_MS=%d", o.soakRetention(), o.soakRetention(), HOUSEKEEPING_MILLIS);
    try (EmbeddedRelay relay = EmbeddedRelay.start(bench.workDir.resolve("soak"), settings);
        RelayClient client = new RelayClient(bench.vertx, URI.create(relay.url()), relay.adminKey(), 64)) {
      String sender = bench.agentId("soak", "s");
      String recipient = bench.agentId("soak", "r");
      Map<String, String> keys = Bench.await(client.registerAll(List.of(sender, recipient), 2), 60);
      Buffer body = new JsonObject().put("to_agent", recipient)
          .put("content", "soak: a direct message of a couple of hundred bytes, like a status note with some"
              + " detail in it, sent at a steady rate and acknowledged by its recipient soon after.")
          .toBuffer();
      long start = System.nanoTime();
      long end = start + (long) (o.soakMinutes() * 60e9);
      // before this instant nothing has been acknowledged for a whole retention window: no retention work
      long retentionFrom = start + retention.toNanos();
      Thread sends = new Thread(() -> send(client, keys.get(sender), body, o.soakRate(), start, end, retentionFrom),
          "soak-sender");
      Thread acks = new Thread(() -> acknowledge(client, keys.get(recipient)), "soak-acker");
      sends.start();
      acks.start();
      List<Sample> samples = new ArrayList<>();
      while (System.nanoTime() < end) {
        Bench.sleep(Math.min(SAMPLE_MILLIS, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        Sample sample = sample(relay.database(), (System.nanoTime() - start) / 1e9);
        samples.add(sample);
        bench.progress.say("soak: %.0f s, database %s, WAL %s, %,d acked", sample.seconds(),
            Fmt.count(sample.databaseBytes()), Fmt.count(sample.walBytes()), acked.get());
      }
      sends.join();
      running.set(false);
      acks.join(30_000);
      return result(o, retention, samples);
    }
  }

  private void send(RelayClient client, String key, Buffer body, int rate, long start, long end, long retentionFrom) {
    for (long i = 0; ; i++) {
      long due = start + (long) (i * 1e9 / rate);
      if (due >= end) {
        return;
      }
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Bench.sleep(wait / 1_000_000);
      }
      long started = System.nanoTime();
      // a send is "with retention" once retention may delete, counting one housekeeping period of slack
      Latencies bucket = started < retentionFrom ? beforeRetention
          : started > retentionFrom + HOUSEKEEPING_MILLIS * 1_000_000 ? withRetention : null;
      client.post(RelayClient.API + "/messages", key, body).onComplete(done -> {
        if (done.succeeded() && done.result().status() == 201) {
          if (bucket != null) {
            bucket.record(System.nanoTime() - started);
          }
        } else {
          failedSends.incrementAndGet();
        }
      });
    }
  }

  private void acknowledge(RelayClient client, String key) {
    while (running.get()) {
      RelayClient.Reply page = Bench.await(client.get(RelayClient.API + "/inbox?limit=200", key), 60);
      JsonArray items = page.ok() ? page.json().getJsonArray("items") : new JsonArray();
      if (items.isEmpty()) {
        Bench.sleep(50);
        continue;
      }
      long last = items.getJsonObject(items.size() - 1).getLong("seq");
      RelayClient.Reply ack = Bench.await(client.post(RelayClient.API + "/inbox/ack", key,
          new JsonObject().put("up_to_seq", last).toBuffer()), 60);
      if (ack.ok()) {
        acked.addAndGet(ack.json().getLong("acknowledged"));
      }
    }
  }

  private static Sample sample(Path database, double seconds) throws IOException {
    Path wal = database.resolveSibling(database.getFileName() + "-wal");
    return new Sample(seconds, Files.size(database), Files.exists(wal) ? Files.size(wal) : 0);
  }

  private ScenarioResult result(BenchOptions o, Duration retention, List<Sample> samples) {
    // the file is judged from the end of the first retention window plus two housekeeping rounds
    double settled = retention.toMillis() / 1000.0 + 2 * HOUSEKEEPING_MILLIS / 1000.0;
    List<Sample> after = samples.stream().filter(s -> s.seconds() >= settled).toList();
    ScenarioResult result = new ScenarioResult(BenchOptions.SOAK);
    JsonArray series = new JsonArray();
    samples.forEach(s -> series.add(new JsonObject().put("s", Fmt.round(s.seconds(), 1))
        .put("database_bytes", s.databaseBytes()).put("wal_bytes", s.walBytes())));
    Latencies.Summary before = beforeRetention.summary();
    Latencies.Summary with = withRetention.summary();
    result.put("minutes", o.soakMinutes()).put("rate_per_s", o.soakRate()).put("retention", o.soakRetention())
        .put("acked", acked.get()).put("failed_sends", failedSends.get()).put("sizes", series)
        .put("latency_before_retention", before.toJson()).put("latency_with_retention", with.toJson());
    result.row("load", o.soakRate() + " sends/s for " + o.soakMinutes() + " min, each acked; retention "
        + o.soakRetention() + " (acked deliveries and audit), housekeeping every " + HOUSEKEEPING_MILLIS / 1000 + " s");
    result.row("sends acked / failed", Fmt.count(acked.get()) + " / " + failedSends.get());
    if (after.size() >= 2) {
      long first = after.get(0).databaseBytes();
      long min = after.stream().mapToLong(Sample::databaseBytes).min().orElse(first);
      long max = after.stream().mapToLong(Sample::databaseBytes).max().orElse(first);
      double spread = (max - min) / (double) first;
      result.put("database_bytes_settled", first).put("database_bytes_min", min).put("database_bytes_max", max)
          .put("database_spread", Fmt.round(spread, 4)).put("flat", spread <= FLAT_WITHIN);
      result.row("database file after " + Fmt.round(settled, 0) + " s", Fmt.count(min) + " .. " + Fmt.count(max)
          + " bytes (spread " + Fmt.round(spread * 100, 1) + "%, target <= " + Math.round(FLAT_WITHIN * 100) + "%)");
    } else {
      result.note("the run was too short to judge the file's size after the first retention window; run longer");
    }
    result.row("database file over time", samples.stream()
        .map(s -> Fmt.round(s.seconds(), 0) + "s:" + Fmt.count(s.databaseBytes())).toList().toString());
    result.row("WAL max", Fmt.count(samples.stream().mapToLong(Sample::walBytes).max().orElse(0)) + " bytes");
    result.row("send latency, no retention yet", before.cell());
    result.row("send latency, retention running", with.cell());
    return result;
  }
}
