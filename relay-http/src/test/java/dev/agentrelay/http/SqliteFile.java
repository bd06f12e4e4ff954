package dev.agentrelay.http;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/** Looks into a relay's SQLite file from the side, as an operator with sqlite3 would: for tests only. */
final class SqliteFile {

  private SqliteFile() {
  }

  static long number(Path file, String sql) {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      return rows.next() ? rows.getLong(1) : 0;
    } catch (SQLException e) {
      throw new AssertionError(sql + " failed on " + file + ": " + e.getMessage(), e);
    }
  }

  static String text(Path file, String sql) {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      return rows.next() ? rows.getString(1) : null;
    } catch (SQLException e) {
      throw new AssertionError(sql + " failed on " + file + ": " + e.getMessage(), e);
    }
  }

  /** What GET /stats shows that lives on disk, counted by scanning the tables. */
  record Counts(long messages, long acked, Map<String, Long> tasks) {
  }

  static Counts scan(Path file) {
    long direct = number(file, "SELECT count(*) FROM deliveries WHERE event = 'message.new' AND task_id IS NULL");
    long stored = number(file, "SELECT count(*) FROM messages");
    long acked = number(file, "SELECT count(*) FROM deliveries WHERE acked_at IS NOT NULL");
    Map<String, Long> tasks = new TreeMap<>();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT status, count(*) FROM tasks GROUP BY status")) {
      while (rows.next()) {
        tasks.put(rows.getString(1), rows.getLong(2));
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
    return new Counts(direct + stored, acked, tasks);
  }
}
