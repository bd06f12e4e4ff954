package dev.agentrelay.core.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Logger;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** What the store makes sure of before it migrates or serves a file: that it is whole, and how it gives space back. */
final class FileChecks {

  private static final Logger LOG = Logger.getLogger(FileChecks.class.getName());
  /**
   * An older file (made without incremental vacuum) up to this size is converted at start with one VACUUM,
   * a few seconds at most; a larger one keeps its size (its free pages are reused) until it is restored from
   * a {@code relay backup} copy, which is made with incremental vacuum.
   */
  static final long CONVERT_MAX_BYTES = 64L * 1024 * 1024;
  private static final int INCREMENTAL = 2;

  private FileChecks() {
  }

  /** Refuses a damaged file (SQLite's {@code quick_check}) with a message that says what to do. */
  static void requireWhole(Connection connection, Path file) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("PRAGMA quick_check(1)")) {
      String verdict = rows.next() ? rows.getString(1) : "no answer";
      if (!"ok".equals(verdict)) {
        throw damaged(file, verdict);
      }
    }
  }

  /** The failure that names the damaged file and what to do. */
  static SQLException damaged(Path file, String verdict) {
    return new SQLException("the database file " + file + " is damaged (SQLite quick_check: " + verdict
        + "); the relay will not start on it. Start it on a copy made with 'relay backup FILE' (RELAY_DB=FILE),"
        + " or move the damaged file aside to start empty");
  }

  /** Whether SQLite found the file damaged or not a database at all (anywhere in the cause chain). */
  static boolean isDamage(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLiteException sqlite) {
        int primary = sqlite.getResultCode().code & 0xff;
        if (primary == SQLiteErrorCode.SQLITE_CORRUPT.code || primary == SQLiteErrorCode.SQLITE_NOTADB.code) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Makes freed pages go back to the file system on {@code PRAGMA incremental_vacuum}: set on a new file
   * before its first table, and on an older small file with one VACUUM (a large one is logged and left).
   */
  static void useIncrementalVacuum(Connection connection, Path file) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      if (number(statement, "PRAGMA auto_vacuum") == INCREMENTAL) {
        return;
      }
      boolean empty = number(statement, "SELECT count(*) FROM sqlite_schema") == 0;
      long bytes = number(statement, "PRAGMA page_count") * number(statement, "PRAGMA page_size");
      if (!empty && bytes > CONVERT_MAX_BYTES) {
        LOG.info("the database file " + file + " (" + bytes / (1024 * 1024) + " MiB) was made without incremental"
            + " vacuum: space freed by retention is reused for new rows but the file does not shrink; restore a"
            + " copy made with 'relay backup FILE' to have it shrink");
        return;
      }
      // even a file without tables has its header written once WAL is on: VACUUM applies the setting
      statement.execute("PRAGMA auto_vacuum = INCREMENTAL");
      statement.execute("VACUUM");
      if (!empty) {
        LOG.info("the database file " + file + " now gives freed space back (incremental vacuum)");
      }
    }
  }

  private static long number(Statement statement, String sql) throws SQLException {
    try (ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
