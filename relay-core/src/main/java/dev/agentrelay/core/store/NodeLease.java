package dev.agentrelay.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A role that one node at a time plays for the whole relay (dispatching webhooks, housekeeping). Alone on a SQLite
 * file the node always plays it. On PostgreSQL it is a session advisory lock held on a connection of its own: when
 * the node dies its connection closes, the server lets the lock go, and another node's next {@link #refresh} takes
 * it. Blocking: call from a worker thread.
 */
public interface NodeLease {

  /** Takes the role if it is free, or checks that this node still holds it; answers whether it does now. */
  boolean refresh();

  /** Gives the role up, if held. */
  void release();

  /** The roles, each with the key of its lock. */
  enum Role {
    WEBHOOK_DISPATCH(0x72656c6179_01L),
    HOUSEKEEPING(0x72656c6179_02L);

    private final long key;

    Role(long key) {
      this.key = key;
    }

    long key() {
      return key;
    }
  }

  /** The lease of a node that is the only one: always held. */
  NodeLease ALONE = new NodeLease() {
    @Override
    public boolean refresh() {
      return true;
    }

    @Override
    public void release() {
    }
  };

  /** The PostgreSQL lease named by {@code key}, on connections from {@code dataSource}. */
  static NodeLease advisory(DataSource dataSource, long key) {
    return new AdvisoryLease(dataSource, key);
  }

  /** A session advisory lock, held for as long as its connection lives. */
  final class AdvisoryLease implements NodeLease {

    private static final Logger LOG = Logger.getLogger(AdvisoryLease.class.getName());

    private final DataSource dataSource;
    private final long key;
    private Connection holding;

    private AdvisoryLease(DataSource dataSource, long key) {
      this.dataSource = dataSource;
      this.key = key;
    }

    @Override
    public synchronized boolean refresh() {
      if (holding != null && stillOpen(holding)) {
        return true;
      }
      closeQuietly();
      try {
        Connection connection = dataSource.getConnection();
        if (tryLock(connection)) {
          holding = connection;
          return true;
        }
        connection.close();
      } catch (SQLException e) {
        LOG.warning("lease " + key + ": the database is unreachable: " + e.getMessage());
      }
      return false;
    }

    private boolean tryLock(Connection connection) throws SQLException {
      try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
        statement.setLong(1, key);
        try (ResultSet rows = statement.executeQuery()) {
          return rows.next() && rows.getBoolean(1);
        }
      }
    }

    private static boolean stillOpen(Connection connection) {
      try {
        return connection.isValid(2);
      } catch (SQLException e) {
        return false;
      }
    }

    @Override
    public synchronized void release() {
      closeQuietly();
    }

    private void closeQuietly() {
      if (holding == null) {
        return;
      }
      try {
        // closing the session lets the lock go; the pool may keep the connection, so unlock first
        try (PreparedStatement statement = holding.prepareStatement("SELECT pg_advisory_unlock(?)")) {
          statement.setLong(1, key);
          statement.execute();
        }
        holding.close();
      } catch (SQLException gone) {
        // the connection is gone, and the lock with it
      }
      holding = null;
    }
  }
}
