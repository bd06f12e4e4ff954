package dev.agentrelay.http;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Looks into a SQLite file itself (its pragmas and pages), as an operator with sqlite3 would: for tests only. */
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
}
