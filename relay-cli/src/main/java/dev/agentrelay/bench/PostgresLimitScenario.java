package dev.agentrelay.bench;

import dev.agentrelay.core.config.RelayConfig;
import dev.agentrelay.core.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * The PostgreSQL machine's limit, as sqlite-limit is SQLite's: raw inserts into a copy of the relay's deliveries table
 * (same columns and indexes) in the database the environment names (RELAY_STORE=postgres, RELAY_PG_*), through the
 * relay's own connection settings (the same JDBC driver, batched inserts rewritten as multi-row ones), without the
 * relay: 1000-row transactions give the rows/s that sends/s is compared with, 1-row transactions the commit rate.
 */
final class PostgresLimitScenario {

  private static final String TABLE = "bench_limit_deliveries";

  private final Bench bench;

  PostgresLimitScenario(Bench bench) {
    this.bench = bench;
  }

  ScenarioResult run() throws Exception {
    ScenarioResult result = new ScenarioResult(BenchOptions.PG_LIMIT);
    RelayConfig config = RelayConfig.from(EmbeddedRelay.storeOf(System.getenv()));
    if (!config.store().postgres()) {
      return result.put("skipped", "needs RELAY_STORE=postgres and RELAY_PG_URL")
          .row("skipped", "set RELAY_STORE=postgres and RELAY_PG_* to the database to measure");
    }
    double batchedSeconds = bench.options.sqliteSeconds();
    double singleSeconds = Math.max(0.3, batchedSeconds * 2 / 3);
    try (Database database = Database.open(config); Connection connection = database.writerConnection()) {
      try (Statement ddl = connection.createStatement()) {
        ddl.execute("DROP TABLE IF EXISTS " + TABLE);
        ddl.execute("CREATE TABLE " + TABLE + " (LIKE deliveries INCLUDING ALL)");
        connection.commit();
      }
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE
          + " (seq, delivery_id, agent_id, event, from_agent, task_id, item, created_at) VALUES (?,?,?,?,?,?,?,?)")) {
        DeliveryInserts inserts = new DeliveryInserts(connection, insert, SqliteLimitScenario.sampleItem());
        bench.progress.say("pg-limit: %.1f s of %d-row transactions on %s", batchedSeconds, SqliteLimitScenario.BATCH,
            database.describe());
        inserts.insertFor(SqliteLimitScenario.BATCH, 0.3);
        SqliteLimitScenario.Phase batched = inserts.insertFor(SqliteLimitScenario.BATCH, batchedSeconds);
        bench.progress.say("pg-limit: %.1f s of 1-row transactions", singleSeconds);
        SqliteLimitScenario.Phase single = inserts.insertFor(1, singleSeconds);
        result.put("database", database.describe())
            .put("batch_rows", SqliteLimitScenario.BATCH)
            .put("batched_rows_per_s", Math.round(batched.rowsPerSecond()))
            .put("batched_commit_ms", Fmt.round(batched.millisPerCommit(), 3))
            .put("single_rows_per_s", Math.round(single.rowsPerSecond()))
            .put("single_commit_ms", Fmt.round(single.millisPerCommit(), 3))
            .put("single_transaction_latency", single.transactions().toJson());
        result.row("batched inserts (" + SqliteLimitScenario.BATCH + " rows/tx)",
                Fmt.count(batched.rowsPerSecond()) + " rows/s (" + Fmt.ms(batched.millisPerCommit()) + " ms per commit)")
            .row("single-row transactions", Fmt.count(single.rowsPerSecond()) + " rows/s ("
                + Fmt.ms(single.millisPerCommit()) + " ms per commit)")
            .row("1-row transaction p50/p99/p99.9", single.transactions().cell());
      } finally {
        try (Statement ddl = connection.createStatement()) {
          ddl.execute("DROP TABLE IF EXISTS " + TABLE);
          connection.commit();
        }
      }
    }
    return result;
  }
}
