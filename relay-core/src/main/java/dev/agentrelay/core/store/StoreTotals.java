package dev.agentrelay.core.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The counts {@code GET /stats} shows that live on disk (messages, acknowledged deliveries, tasks by status),
 * kept in memory so that a read never scans a table: counted once at start, then moved by each committed
 * batch's {@link Changes} (sends, acks, task moves, retention). Only the writer changes them.
 */
public final class StoreTotals {

  // a delivery of message.new outside a task is a direct message, which is stored nowhere else
  private static final String TALLY = "SELECT count(acked_at) AS acked,"
      + " coalesce(sum(CASE WHEN event = 'message.new' AND task_id IS NULL THEN 1 ELSE 0 END), 0) AS direct"
      + " FROM deliveries";

  private long messages;
  private long acked;
  private final Map<String, Long> tasks = new TreeMap<>();

  /** The counts as the database holds them: one pass over each table. Blocking. */
  static StoreTotals load(Connection connection) throws SQLException {
    StoreTotals totals = new StoreTotals();
    try (Statement statement = connection.createStatement()) {
      try (ResultSet rows = statement.executeQuery(TALLY)) {
        rows.next();
        totals.acked = rows.getLong("acked");
        totals.messages = rows.getLong("direct");
      }
      try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM messages")) {
        rows.next();
        totals.messages += rows.getLong(1);
      }
      try (ResultSet rows = statement.executeQuery("SELECT status, count(*) FROM tasks GROUP BY status")) {
        while (rows.next()) {
          totals.tasks.put(rows.getString(1), rows.getLong(2));
        }
      }
    }
    return totals;
  }

  /** Task messages, broadcasts and the direct messages still held in their deliveries. */
  public synchronized long messages() {
    return messages;
  }

  public synchronized long acked() {
    return acked;
  }

  /** How many tasks are in each status; statuses with none are left out. */
  public synchronized Map<String, Long> tasks() {
    Map<String, Long> shown = new TreeMap<>();
    tasks.forEach((status, n) -> {
      if (n > 0) {
        shown.put(status, n);
      }
    });
    return shown;
  }

  synchronized void apply(Changes changes) {
    messages += changes.messages;
    acked += changes.acked;
    changes.tasks.forEach((status, n) -> tasks.merge(status, n, Long::sum));
  }

  /** What one batch changes, applied only once it commits. */
  static final class Changes {

    private long messages;
    private long acked;
    private final Map<String, Long> tasks = new HashMap<>();

    void messages(long delta) {
      messages += delta;
    }

    void acked(long delta) {
      acked += delta;
    }

    void taskMoved(String from, String to) {
      if (from != null) {
        tasks.merge(from, -1L, Long::sum);
      }
      tasks.merge(to, 1L, Long::sum);
    }

    boolean isEmpty() {
      return messages == 0 && acked == 0 && tasks.isEmpty();
    }

    void clear() {
      messages = 0;
      acked = 0;
      tasks.clear();
    }
  }
}
