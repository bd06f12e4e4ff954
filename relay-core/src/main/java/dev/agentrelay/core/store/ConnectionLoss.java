package dev.agentrelay.core.store;

import java.sql.SQLException;

/**
 * Whether a failure means the database server went away (a restart, a network cut): expected while it is down,
 * worth a warning line rather than a stack trace each time, and over once a new connection works.
 */
final class ConnectionLoss {

  private ConnectionLoss() {
  }

  /** SQLSTATE class 08 (connection exception) or 57P (operator intervention: shutdown) anywhere in the chain. */
  static boolean in(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
        return true;
      }
    }
    return false;
  }
}
