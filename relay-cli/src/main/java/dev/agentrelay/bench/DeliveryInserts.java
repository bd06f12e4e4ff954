package dev.agentrelay.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Raw inserts of delivery rows through one prepared INSERT of the deliveries' columns, in transactions of a given
 * size for a given time: the loop both database limits (sqlite-limit, pg-limit) time. Seqs go on from one phase to
 * the next.
 */
final class DeliveryInserts {

  private final Connection connection;
  private final PreparedStatement insert;
  private final String item;
  private long seq;

  /** {@code insert} takes (seq, delivery_id, agent_id, event, from_agent, task_id, item, created_at). */
  DeliveryInserts(Connection connection, PreparedStatement insert, String item) {
    this.connection = connection;
    this.insert = insert;
    this.item = item;
  }

  /** The rows/s of {@code rowsPerTx}-row transactions over {@code seconds}. */
  SqliteLimitScenario.Phase insertFor(int rowsPerTx, double seconds) throws SQLException {
    long start = System.nanoTime();
    long deadline = start + (long) (seconds * 1e9);
    long rows = 0;
    long commits = 0;
    long now = System.currentTimeMillis();
    Latencies commitTimes = new Latencies();
    do {
      long txStart = System.nanoTime();
      for (int i = 0; i < rowsPerTx; i++) {
        long s = ++seq;
        insert.setLong(1, s);
        insert.setString(2, "del_bench" + s);
        insert.setString(3, "agent-" + (s % 64));
        insert.setString(4, "message.new");
        insert.setString(5, "sender-" + (s % 16));
        insert.setString(6, null);
        insert.setString(7, item);
        insert.setLong(8, now);
        if (rowsPerTx == 1) {
          insert.executeUpdate();
        } else {
          insert.addBatch();
        }
      }
      if (rowsPerTx > 1) {
        insert.executeBatch();
      }
      connection.commit();
      commitTimes.record(System.nanoTime() - txStart);
      rows += rowsPerTx;
      commits++;
    } while (System.nanoTime() < deadline);
    return new SqliteLimitScenario.Phase(rows, commits, System.nanoTime() - start, commitTimes.summary());
  }
}
