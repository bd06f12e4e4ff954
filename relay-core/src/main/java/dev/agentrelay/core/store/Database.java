package dev.agentrelay.core.store;

import dev.agentrelay.core.config.RelayConfig;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.vertx.core.Vertx;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * The SQLite file: one Agroal data source with the relay's pragmas on every connection (WAL,
 * {@code synchronous}, {@code busy_timeout}, foreign keys), the forward migrations, and the
 * {@link JDBCPool} that readers use. The single writer takes its own connection from the same source.
 */
public final class Database implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Database.class.getName());

  /**
   * WAL pages before the writer checkpoints them into the database file (SQLite's default is 1000). Hot
   * pages (the inbox index, table tails) are rewritten by nearly every commit; checkpointing less often
   * copies each of them once per checkpoint instead of several times, for a WAL of up to ~16 MiB.
   */
  static final int WAL_AUTOCHECKPOINT_PAGES = 4000;

  private final AgroalDataSource dataSource;

  private Database(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Opens (creating if needed) and migrates the database. Blocking: call from a worker thread. */
  public static Database open(RelayConfig config) throws SQLException, IOException {
    Path file = config.database().toAbsolutePath();
    DatabaseFiles.prepare(file);
    Database database = new Database(AgroalDataSource.from(configuration(config, file)));
    try {
      database.check(file);
      database.migrate();
    } catch (SQLException e) {
      database.close();
      throw e;
    }
    return database;
  }

  private static AgroalDataSourceConfigurationSupplier configuration(RelayConfig config, Path file) {
    return new AgroalDataSourceConfigurationSupplier()
        .connectionPoolConfiguration(pool -> pool
            .maxSize(config.readPoolSize() + 1)
            .minSize(1)
            .initialSize(1)
            .acquisitionTimeout(Duration.ofSeconds(10))
            .connectionFactoryConfiguration(factory -> factory
                .connectionProviderClassName("org.sqlite.JDBC")
                .jdbcUrl("jdbc:sqlite:" + file)
                .jdbcProperty("journal_mode", "WAL")
                .jdbcProperty("synchronous", config.sqliteSynchronous())
                .jdbcProperty("busy_timeout", String.valueOf(config.busyTimeoutMillis()))
                .jdbcProperty("foreign_keys", "true")
                // no SELECT last_insert_rowid() after every INSERT: nothing reads generated keys
                .jdbcProperty("jdbc.get_generated_keys", "false")));
  }

  /** A connection for the single writer. The caller owns and closes it. */
  public Connection writerConnection() throws SQLException {
    Connection connection = dataSource.getConnection();
    try (Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA wal_autocheckpoint = " + WAL_AUTOCHECKPOINT_PAGES);
    }
    connection.setAutoCommit(false);
    return connection;
  }

  /** The non-blocking pool that read queries run on; JDBC happens on Vert.x worker threads. */
  public Pool readPool(Vertx vertx, int size) {
    return JDBCPool.pool(vertx, dataSource, new PoolOptions().setMaxSize(size));
  }

  private void check(Path file) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      FileChecks.requireWhole(connection, file);
      FileChecks.useIncrementalVacuum(connection, file);
    } catch (SQLException e) {
      throw FileChecks.isDamage(e) ? FileChecks.damaged(file, e.getMessage()) : e;
    }
  }

  private void migrate() throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
      int current = currentVersion(statement);
      for (int version = current + 1; version <= Schema.MIGRATIONS.size(); version++) {
        apply(connection, statement, version);
      }
    }
  }

  private static int currentVersion(Statement statement) throws SQLException {
    try (var rows = statement.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private static void apply(Connection connection, Statement statement, int version) throws SQLException {
    connection.setAutoCommit(false);
    try {
      for (String sql : Schema.MIGRATIONS.get(version - 1).split(";")) {
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

  @Override
  public void close() {
    dataSource.close();
  }
}
