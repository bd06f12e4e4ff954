package dev.agentrelay.core.store;

import dev.agentrelay.core.Failure;
import dev.agentrelay.core.RelayException;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** What a caller is told when a write could not be committed: a full disk is said as such. */
final class WriteFailures {

  /** The problem code of a write refused because the database's disk is full. */
  static final String STORAGE_FULL = "storage_full";
  private static final String POSTGRES_DISK_FULL = "53100";

  private WriteFailures() {
  }

  static RelayException of(Throwable cause) {
    if (isDiskFull(cause)) {
      return new RelayException(Failure.UNAVAILABLE, STORAGE_FULL,
          "the relay's disk is full; nothing was saved. Retry after the Retry-After header's seconds, once the"
              + " operator has freed space");
    }
    return new RelayException(Failure.UNAVAILABLE, null,
        "the store could not commit this write; nothing was saved, retry later");
  }

  /** SQLite's SQLITE_FULL, or PostgreSQL's disk_full (SQLSTATE 53100), anywhere in the cause chain. */
  static boolean isDiskFull(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLiteException sqlite
          && (sqlite.getResultCode().code & 0xff) == SQLiteErrorCode.SQLITE_FULL.code) {
        return true;
      }
      if (cause instanceof SQLException sql && POSTGRES_DISK_FULL.equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
