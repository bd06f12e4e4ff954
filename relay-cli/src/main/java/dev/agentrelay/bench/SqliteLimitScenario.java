package dev.agentrelay.bench;

import dev.agentrelay.core.config.RelayConfig;
import dev.agentrelay.core.model.Ids;
import dev.agentrelay.core.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The machine's limit: raw inserts into a deliveries-like table (same columns and indexes as the relay's)
 * in a temp SQLite file opened with the relay's settings (WAL, synchronous=FULL, busy_timeout), through
 * the same JDBC driver, without the relay. Batches of 1000 rows per transaction give the rows/s every
 * sends/s is compared with; one row per transaction gives the commit (fsync) rate. A third phase writes
 * what one direct send writes (its delivery row, which holds the message, and one audit row) into a database with the relay's
 * own schema, C sends per transaction: the sends/s this schema allows on this disk with no relay around it.
 */
final class SqliteLimitScenario {

  static final int BATCH = 1000;
  private static final String INSERT = "INSERT INTO deliveries"
      + " (seq, delivery_id, agent_id, event, from_agent, task_id, item, created_at) VALUES (?,?,?,?,?,?,?,?)";

  private final Bench bench;

  SqliteLimitScenario(Bench bench) {
    this.bench = bench;
  }

  ScenarioResult run() throws Exception {
    ScenarioResult result = new ScenarioResult(BenchOptions.SQLITE_LIMIT);
    Path dir = Files.createTempDirectory(bench.workDir, "sqlite-limit");
    Path file = dir.resolve("limit.db");
    double batchedSeconds = bench.options.sqliteSeconds();
    double singleSeconds = Math.max(0.3, batchedSeconds * 2 / 3);
    java.util.Map<String, String> env = java.util.Map.of("RELAY_DATA_DIR", dir.toString(), "RELAY_DB", file.toString());
    // the relay's own migrations and connection settings, so the limit is measured on what the relay writes to
    try (Database database = Database.open(RelayConfig.from(env));
        Connection connection = database.writerConnection()) {
      String item = sampleItem();
      try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
        DeliveryInserts inserts = new DeliveryInserts(connection, insert, item);
        bench.progress.say("sqlite-limit: %.1f s of %d-row transactions on %s", batchedSeconds, BATCH, file);
        inserts.insertFor(BATCH, 0.3);
        Phase batched = inserts.insertFor(BATCH, batchedSeconds);
        bench.progress.say("sqlite-limit: %.1f s of 1-row transactions", singleSeconds);
        Phase single = inserts.insertFor(1, singleSeconds);
        bench.sqliteRowsPerSecond = batched.rowsPerSecond();
        int perTx = Math.min(1024, bench.options.senders());
        bench.progress.say("sqlite-limit: %.1f s of send-shaped transactions (%d sends each) in the relay's schema",
            singleSeconds, perTx);
        Phase sends = sendShaped(dir.resolve("schema"), perTx, singleSeconds);
        bench.schemaSendsPerSecond = sends.rowsPerSecond();
        result.put("settings", "the relay's own: its migrations and connection settings (WAL, synchronous=FULL)")
            .put("item_bytes", item.length())
            .put("batch_rows", BATCH)
            .put("batched_rows_per_s", Math.round(batched.rowsPerSecond()))
            .put("batched_commit_ms", Fmt.round(batched.millisPerCommit(), 3))
            .put("single_rows_per_s", Math.round(single.rowsPerSecond()))
            .put("single_commit_ms", Fmt.round(single.millisPerCommit(), 3))
            .put("single_transaction_latency", single.transactions().toJson())
            .put("send_shaped_sends_per_s", Math.round(sends.rowsPerSecond()))
            .put("send_shaped_sends_per_tx", perTx)
            .put("send_shaped_commit_ms", Fmt.round(sends.millisPerCommit(), 3))
            .put("database", file.toString());
        result.row("batched inserts (" + BATCH + " rows/tx)", Fmt.count(batched.rowsPerSecond()) + " rows/s ("
            + Fmt.ms(batched.millisPerCommit()) + " ms per commit)")
            .row("single-row transactions", Fmt.count(single.rowsPerSecond()) + " rows/s ("
            + Fmt.ms(single.millisPerCommit()) + " ms per commit = fsync rate)")
            .row("1-row transaction p50/p99/p99.9", single.transactions().cell())
            .row("send-shaped (" + perTx + " sends/tx, relay schema)", Fmt.count(sends.rowsPerSecond())
                + " sends/s = " + Fmt.count(sends.rowsPerSecond() * 3) + " rows/s (" + Fmt.ms(sends.millisPerCommit())
                + " ms per commit)")
            .row("item size", item.length() + " bytes");
      }
    } finally {
      if (!bench.options.keep()) {
        deleteQuietly(dir);
      }
    }
    return result;
  }

  /**
   * Sends as the writer stores them, without the relay: per send its delivery row (the message is stored
   * only there) and its audit row ({@code message.sent}, listing the delivery), {@code perTx} sends per commit, in a
   * database created by the relay's own migrations and opened with its settings.
   */
  private Phase sendShaped(Path dir, int perTx, double seconds) throws Exception {
    java.util.Map<String, String> env = java.util.Map.of("RELAY_DATA_DIR", dir.toString());
    try (Database database = Database.open(RelayConfig.from(env));
        Connection connection = database.writerConnection();
        PreparedStatement delivery = connection.prepareStatement(INSERT);
        PreparedStatement audit = connection.prepareStatement("INSERT INTO audit (at, actor, event, subject_type,"
            + " subject_id, task_id, detail, peer) VALUES (?,?,?,?,?,?,?,?)")) {
      String item = sampleItem();
      long start = System.nanoTime();
      long deadline = start + (long) (seconds * 1e9);
      long sends = 0;
      long commits = 0;
      long s = 0;
      do {
        long now = System.currentTimeMillis();
        for (int i = 0; i < perTx; i++) {
          s++;
          String from = "bench-sender-" + (s % 64);
          String to = "bench-recipient-" + (s % 16);
          String messageId = Ids.next(Ids.MESSAGE, now);
          String deliveryId = Ids.next(Ids.DELIVERY, now);
          delivery.setLong(1, s);
          delivery.setString(2, deliveryId);
          delivery.setString(3, to);
          delivery.setString(4, "message.new");
          delivery.setString(5, from);
          delivery.setString(6, null);
          delivery.setString(7, item);
          delivery.setLong(8, now);
          delivery.executeUpdate();
          auditRow(audit, now, from, "message.sent", "message", messageId, "{\"to_agent\":\"" + to
              + "\",\"deliveries\":[{\"delivery_id\":\"" + deliveryId + "\",\"to_agent\":\"" + to + "\",\"seq\":" + s
              + "}]}", to);
        }
        connection.commit();
        sends += perTx;
        commits++;
      } while (System.nanoTime() < deadline);
      return new Phase(sends, commits, System.nanoTime() - start, null);
    }
  }

  private static void auditRow(PreparedStatement audit, long now, String actor, String event, String subjectType,
      String subjectId, String detail, String peer) throws SQLException {
    audit.setLong(1, now);
    audit.setString(2, actor);
    audit.setString(3, event);
    audit.setString(4, subjectType);
    audit.setString(5, subjectId);
    audit.setString(6, null);
    audit.setString(7, detail);
    audit.setString(8, peer);
    audit.executeUpdate();
  }

  /** What a phase of inserts did: rows (or sends) and commits in its time, and its transactions' latencies. */
  record Phase(long rows, long commits, long nanos, Latencies.Summary transactions) {
    double rowsPerSecond() {
      return rows / (nanos / 1e9);
    }

    double millisPerCommit() {
      return nanos / 1e6 / commits;
    }
  }

  /** An InboxItem of a short direct message, as the relay stores it. */
  static String sampleItem() {
    return "{\"delivery_id\":\"del_01jbench0000000000000000000\",\"seq\":1,\"event\":\"message.new\","
        + "\"from_agent\":\"bench-sender-01\",\"task_id\":null,\"created_at\":\"2026-01-01T00:00:00.000Z\","
        + "\"message\":{\"message_id\":\"msg_01jbench0000000000000000000\",\"task_id\":null,"
        + "\"context_id\":\"ctx_01jbench0000000000000000000\",\"from_agent\":\"bench-sender-01\","
        + "\"to_agent\":\"bench-recipient-01\",\"role\":\"agent\",\"parts\":[{\"kind\":\"text\",\"text\":\""
        + Prefill.CONTENT + "\"}],\"metadata\":{},\"created_at\":\"2026-01-01T00:00:00.000Z\"}}";
  }

  static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (java.io.IOException ignored) {
          // best effort
        }
      });
    } catch (java.io.IOException ignored) {
      // best effort
    }
  }
}
