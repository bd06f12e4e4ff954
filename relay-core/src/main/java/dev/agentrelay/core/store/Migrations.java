package dev.agentrelay.core.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Brings a database forward through its store's migrations, each in its own transaction, and refuses one that
 * a newer relay has already migrated further: this relay would not know its tables.
 */
final class Migrations {

  private static final Logger LOG = Logger.getLogger(Migrations.class.getName());

  private Migrations() {
  }

  /** Applies {@code migrations} after the database's version; {@code where} names the database in messages. */
  static void apply(DataSource dataSource, List<String> migrations, String where) throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      apply(connection, statement, migrations, where);
    }
  }

  /** The same, on a connection the caller holds (PostgreSQL holds its migration lock on it). */
  static void apply(Connection connection, Statement statement, List<String> migrations, String where)
      throws SQLException {
    statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
    int current = currentVersion(statement);
    if (current > migrations.size()) {
      throw new SQLException("the database " + where + " is at schema version " + current + ", newer than this"
          + " relay knows (" + migrations.size() + "): it was used by a newer relay; run that version or newer");
    }
    for (int version = current + 1; version <= migrations.size(); version++) {
      applyOne(connection, statement, migrations.get(version - 1), version);
    }
  }

  private static int currentVersion(Statement statement) throws SQLException {
    try (var rows = statement.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private static void applyOne(Connection connection, Statement statement, String migration, int version)
      throws SQLException {
    connection.setAutoCommit(false);
    try {
      for (String sql : migration.split(";")) {
        if (!sql.isBlank()) {
          statement.execute(sql);
        }
      }
      statement.execute("INSERT INTO schema_version (version) VALUES (" + version + ")");
      connection.commit();
      LOG.info("database migrated to schema version " + version);
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }
}
