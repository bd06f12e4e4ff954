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

/**
 * The SQLite file: one Agroal data source with the relay's pragmas on every connection (WAL,
 * {@code synchronous}, {@code busy_timeout}, foreign keys), the forward migrations, and the
 * {@link JDBCPool} that readers use. The single writer takes its own connection from the same source.
 */
public final class SqliteDatabase implements Database {

  /**
   * WAL pages before the writer checkpoints them into the database file (SQLite's default is 1000). Hot
   * pages (the inbox index, table tails) are rewritten by nearly every commit; checkpointing less often
   * copies each of them once per checkpoint instead of several times, for a WAL of up to ~16 MiB.
   */
  static final int WAL_AUTOCHECKPOINT_PAGES = 4000;

  private final AgroalDataSource dataSource;
  private final Path file;
  private final int readPoolSize;

  private SqliteDatabase(AgroalDataSource dataSource, Path file, int readPoolSize) {
    this.dataSource = dataSource;
    this.file = file;
    this.readPoolSize = readPoolSize;
  }

  /** Opens (creating if needed) and migrates the database. Blocking: call from a worker thread. */
  static SqliteDatabase open(RelayConfig config) throws SQLException, IOException {
    Path file = config.database().toAbsolutePath();
    DatabaseFiles.prepare(file);
    SqliteDatabase database = new SqliteDatabase(AgroalDataSource.from(configuration(config, file)), file,
        config.readPoolSize());
    try {
      database.check(file);
      Migrations.apply(database.dataSource, Schema.MIGRATIONS, file.toString());
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

  @Override
  public Dialect dialect() {
    return Dialect.SQLITE;
  }

  @Override
  public String describe() {
    return file.toString();
  }

  @Override
  public Connection writerConnection() throws SQLException {
    Connection connection = dataSource.getConnection();
    try (Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA wal_autocheckpoint = " + WAL_AUTOCHECKPOINT_PAGES);
    }
    connection.setAutoCommit(false);
    return connection;
  }

  @Override
  public Pool readPool(Vertx vertx) {
    return JDBCPool.pool(vertx, dataSource, new PoolOptions().setMaxSize(readPoolSize));
  }

  private void check(Path file) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      FileChecks.requireWhole(connection, file);
      FileChecks.useIncrementalVacuum(connection, file);
    } catch (SQLException e) {
      throw FileChecks.isDamage(e) ? FileChecks.damaged(file, e.getMessage()) : e;
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
