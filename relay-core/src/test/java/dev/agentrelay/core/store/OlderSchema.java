package dev.agentrelay.core.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Creates a database file at an older schema version, as a released relay left it, for upgrade tests. */
final class OlderSchema {

  private OlderSchema() {
  }

  /** Applies migrations 1 to {@code version}, then runs {@code rows} (the test's own INSERTs) on the file. */
  static void create(Path file, int version, String... rows) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)");
      for (int applied = 1; applied <= version; applied++) {
        for (String sql : Schema.MIGRATIONS.get(applied - 1).split(";")) {
          if (!sql.isBlank()) {
            statement.execute(sql);
          }
        }
        statement.execute("INSERT INTO schema_version (version) VALUES (" + applied + ")");
      }
      for (String sql : rows) {
        statement.execute(sql);
      }
    }
  }
}
