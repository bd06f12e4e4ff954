package dev.agentrelay.core.store;

import dev.agentrelay.core.config.RelayConfig;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The database a store runs on, opened and migrated: a connection for the single writer and a pool for the
 * readers. SQLite (one file) or PostgreSQL (one server database, shared by every node), as configured.
 */
public interface Database extends AutoCloseable {

  /** Opens (creating if needed) and migrates the configured database. Blocking: call from a worker thread. */
  static Database open(RelayConfig config) throws SQLException, IOException {
    return config.store().postgres() ? PostgresDatabase.open(config) : SqliteDatabase.open(config);
  }

  Dialect dialect();

  /** A connection for the single writer, in a transaction (no autocommit). The caller owns and closes it. */
  Connection writerConnection() throws SQLException;

  /** The non-blocking pool that read queries run on; JDBC happens on Vert.x worker threads. */
  Pool readPool(Vertx vertx);

  /**
   * Drops the pooled connections that no longer work, after a read met one (the server restarted or the network
   * was cut), so that the reads after it get working ones. Blocking: call from a worker thread.
   */
  default void discardBrokenConnections() {
  }

  /** The lease of {@code role} among the nodes on this database; the only node holds every role. */
  default NodeLease lease(NodeLease.Role role) {
    return NodeLease.ALONE;
  }

  /** Where the data is, for logs: the file, or the server URL without credentials. */
  String describe();

  @Override
  void close();
}
