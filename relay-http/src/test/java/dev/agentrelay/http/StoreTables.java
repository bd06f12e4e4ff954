package dev.agentrelay.http;

import dev.agentrelay.core.config.RelayConfig;
import dev.agentrelay.core.config.StoreSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Looks into a relay's tables from the side, as an operator with sqlite3 or psql would, on whichever store the relay
 * runs: for tests only. The SQL must be what both databases accept.
 */
final class StoreTables {

  private StoreTables() {
  }

  static Connection connect(RelayConfig config) throws SQLException {
    StoreSettings store = config.store();
    return store.postgres()
        ? DriverManager.getConnection(store.pgUrl(), store.pgUser(), store.pgPassword())
        : DriverManager.getConnection("jdbc:sqlite:" + config.database());
  }

  static long number(RelayConfig config, String sql, Object... params) {
    String text = text(config, sql, params);
    return text == null ? 0 : Long.parseLong(text);
  }

  static String text(RelayConfig config, String sql, Object... params) {
    try (Connection connection = connect(config); PreparedStatement statement = prepare(connection, sql, params);
        ResultSet rows = statement.executeQuery()) {
      return rows.next() ? rows.getString(1) : null;
    } catch (SQLException e) {
      throw new AssertionError(sql + " failed on " + config.store() + ": " + e.getMessage(), e);
    }
  }

  static void update(RelayConfig config, String sql, Object... params) {
    try (Connection connection = connect(config); PreparedStatement statement = prepare(connection, sql, params)) {
      statement.executeUpdate();
    } catch (SQLException e) {
      throw new AssertionError(sql + " failed on " + config.store() + ": " + e.getMessage(), e);
    }
  }

  private static PreparedStatement prepare(Connection connection, String sql, Object[] params) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    for (int i = 0; i < params.length; i++) {
      statement.setObject(i + 1, params[i]);
    }
    return statement;
  }

  /** What GET /stats shows that lives in the tables, counted by scanning them. */
  record Counts(long messages, long acked, Map<String, Long> tasks) {
  }

  static Counts scan(RelayConfig config) {
    long direct = number(config, "SELECT count(*) FROM deliveries WHERE event = 'message.new' AND task_id IS NULL");
    long stored = number(config, "SELECT count(*) FROM messages");
    long acked = number(config, "SELECT count(*) FROM deliveries WHERE acked_at IS NOT NULL");
    Map<String, Long> tasks = new TreeMap<>();
    try (Connection connection = connect(config);
        PreparedStatement statement = connection.prepareStatement("SELECT status, count(*) FROM tasks GROUP BY status");
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        tasks.put(rows.getString(1), rows.getLong(2));
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
    return new Counts(direct + stored, acked, tasks);
  }
}
