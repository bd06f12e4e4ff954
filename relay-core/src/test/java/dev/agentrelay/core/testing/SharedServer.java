package dev.agentrelay.core.testing;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** The one server of this JVM and the databases created on it. */
final class SharedServer {

  private static final String RELAY_ROLE = "relay_test";

  private final PostgresServer server;
  private final Login relay;
  private final String namePrefix;
  private final List<String> created = new ArrayList<>();
  private Connection admin;

  private SharedServer(PostgresServer server, Login relay, String namePrefix) {
    this.server = server;
    this.relay = relay;
    this.namePrefix = namePrefix;
  }

  /**
   * On a server the tests own, the relay gets its own role with a password that the server checks (never the
   * superuser); on someone else's server it uses the given user, and the database names carry this JVM's pid so
   * that concurrent builds sharing the server do not collide.
   */
  static SharedServer on(PostgresServer server) {
    SharedServer shared = server.ownedByTests()
        ? new SharedServer(server, new Login(RELAY_ROLE, randomPassword()), "relay_test_")
        : new SharedServer(server, server.admin(), "relay_test_" + ProcessHandle.current().pid() + "_");
    try {
      if (server.ownedByTests()) {
        shared.execute("CREATE ROLE " + RELAY_ROLE + " LOGIN PASSWORD '" + shared.relay.password() + "'");
      } else {
        shared.adminConnection();
      }
      return shared;
    } catch (SQLException e) {
      shared.stop();
      throw new IllegalStateException("cannot use " + server.description() + ": " + e.getMessage(), e);
    }
  }

  private static String randomPassword() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  synchronized TestPostgres.Database createDatabase() throws SQLException {
    String name = namePrefix + (created.size() + 1);
    execute("CREATE DATABASE " + name + (server.ownedByTests() ? " OWNER " + RELAY_ROLE : ""));
    created.add(name);
    return new TestPostgres.Database(server.jdbcUrl(name), relay.user(), relay.password());
  }

  /** Terminates every connection to the database and refuses new ones, as an outage of the server would. */
  synchronized void cutOff(TestPostgres.Database db) throws SQLException {
    String name = nameOf(db);
    execute("ALTER DATABASE " + name + " WITH ALLOW_CONNECTIONS false");
    execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
  }

  /** Lets connections to the database in again after {@link #cutOff}. */
  synchronized void reconnect(TestPostgres.Database db) throws SQLException {
    execute("ALTER DATABASE " + nameOf(db) + " WITH ALLOW_CONNECTIONS true");
  }

  private String nameOf(TestPostgres.Database db) {
    String url = db.jdbcUrl();
    int query = url.indexOf('?');
    String path = query < 0 ? url : url.substring(0, query);
    String name = path.substring(path.lastIndexOf('/') + 1);
    if (!created.contains(name)) {
      throw new IllegalArgumentException(name + " is not a database these tests created");
    }
    return name;
  }

  String description() {
    return server.description();
  }

  /** Drops what was created on someone else's server, then stops the server if the tests own it. */
  synchronized void stop() {
    try {
      if (!server.ownedByTests()) {
        for (String name : created) {
          execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
      }
      if (admin != null) {
        admin.close();
      }
    } catch (SQLException e) {
      System.err.println("TestPostgres: could not drop the test databases: " + e.getMessage());
    } finally {
      server.stop();
    }
  }

  private void execute(String sql) throws SQLException {
    try (Statement statement = adminConnection().createStatement()) {
      statement.execute(sql);
    }
  }

  private Connection adminConnection() throws SQLException {
    if (admin == null || admin.isClosed()) {
      Login login = server.admin();
      admin = DriverManager.getConnection(server.jdbcUrl(server.adminDatabase()), login.user(), login.password());
    }
    return admin;
  }
}
