package dev.agentrelay.core.store;

import dev.agentrelay.core.config.RelayConfig;
import dev.agentrelay.core.config.StoreSettings;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration.ConnectionValidator;
import io.agroal.api.configuration.supplier.AgroalConnectionFactoryConfigurationSupplier;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.exceptionsorter.PostgreSQLExceptionSorter;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.vertx.core.Vertx;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A PostgreSQL database through the same JDBC path as SQLite (Agroal, and the Vert.x JDBC pool for reads), so the
 * write commands run unchanged on either store. Connections that the server broke are dropped from the pool
 * (PostgreSQL's exception sorter) and replaced on next use, so the relay recovers without a restart.
 */
final class PostgresDatabase implements Database {

  /** Serialises migrations when several nodes start on one database at once. */
  private static final long MIGRATION_LOCK = 0x72656c6179L;

  private final AgroalDataSource dataSource;
  private final StoreSettings settings;

  private PostgresDatabase(AgroalDataSource dataSource, StoreSettings settings) {
    this.dataSource = dataSource;
    this.settings = settings;
  }

  static PostgresDatabase open(RelayConfig config) throws SQLException {
    StoreSettings settings = config.store();
    PostgresDatabase database = new PostgresDatabase(AgroalDataSource.from(configuration(settings)), settings);
    try {
      database.migrate();
    } catch (SQLException e) {
      database.close();
      throw new SQLException("PostgreSQL at " + database.describe() + ": " + e.getMessage(), e.getSQLState(), e);
    }
    return database;
  }

  private static AgroalDataSourceConfigurationSupplier configuration(StoreSettings settings) {
    return new AgroalDataSourceConfigurationSupplier()
        .connectionPoolConfiguration(pool -> pool
            // the readers, the writer, and one connection for each role lease (see NodeLease)
            .maxSize(settings.pgPoolSize() + 1 + NodeLease.Role.values().length)
            .minSize(1)
            .initialSize(1)
            .acquisitionTimeout(Duration.ofSeconds(5))
            .exceptionSorter(new PostgreSQLExceptionSorter())
            // a connection idle for a while may have been cut (a server restart): checked before it is lent
            .connectionValidator(ConnectionValidator.defaultValidator())
            .idleValidationTimeout(Duration.ofSeconds(5))
            .connectionFactoryConfiguration(factory -> credentials(settings, factory
                .connectionProviderClassName("org.postgresql.Driver")
                .jdbcUrl(settings.pgUrl())
                .jdbcProperty("ApplicationName", "agent-relay")
                .jdbcProperty("connectTimeout", "5")
                .jdbcProperty("tcpKeepAlive", "true")
                // the writer's appends of one kind go as one multi-row INSERT (see WriteContext#append)
                .jdbcProperty("reWriteBatchedInserts", "true")
                .jdbcProperty("options", "-c statement_timeout=" + settings.pgStatementTimeout().toMillis()))));
  }

  private static AgroalConnectionFactoryConfigurationSupplier credentials(StoreSettings settings,
      AgroalConnectionFactoryConfigurationSupplier factory) {
    if (settings.pgUser() != null) {
      factory.principal(new NamePrincipal(settings.pgUser()));
    }
    if (settings.pgPassword() != null) {
      factory.credential(new SimplePassword(settings.pgPassword()));
    }
    return factory;
  }

  private void migrate() throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_advisory_lock(" + MIGRATION_LOCK + ")");
      try {
        Migrations.apply(connection, statement, PostgresSchema.MIGRATIONS, describe());
      } finally {
        statement.execute("SELECT pg_advisory_unlock(" + MIGRATION_LOCK + ")");
      }
    }
  }

  @Override
  public Dialect dialect() {
    return Dialect.POSTGRES;
  }

  @Override
  public Connection writerConnection() throws SQLException {
    Connection connection = dataSource.getConnection();
    connection.setAutoCommit(false);
    return connection;
  }

  @Override
  public Pool readPool(Vertx vertx) {
    return JDBCPool.pool(vertx, dataSource, new PoolOptions().setMaxSize(settings.pgPoolSize()));
  }

  @Override
  public NodeLease lease(NodeLease.Role role) {
    return NodeLease.advisory(dataSource, role.key());
  }

  @Override
  public void discardBrokenConnections() {
    dataSource.flush(AgroalDataSource.FlushMode.INVALID);
  }

  @Override
  public String describe() {
    return StoreSettings.withoutSecrets(settings.pgUrl());
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
