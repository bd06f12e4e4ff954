package dev.agentrelay.http;

import dev.agentrelay.core.testing.TestPostgres;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which store the test relays run on: SQLite by default; PostgreSQL in the build's second run of the suite (system
 * property {@code relay.test.store=postgres}), each relay on a fresh database of one server per test JVM.
 */
final class TestStore {

  static final String PROPERTY = "relay.test.store";
  private static final Map<Path, TestPostgres.Database> DATABASES = new ConcurrentHashMap<>();

  private TestStore() {
  }

  static boolean postgres() {
    return "postgres".equals(System.getProperty(PROPERTY));
  }

  /**
   * The environment entries that put a test relay in {@code dir} on its store: none for SQLite (the directory holds
   * the file); on PostgreSQL a fresh database the first time, and the same one for every later relay in the same
   * directory, as a SQLite relay started again there finds its file.
   */
  static Map<String, String> env(Path dir) {
    if (!postgres()) {
      return Map.of();
    }
    return TestPostgres.relayEnv(DATABASES.computeIfAbsent(dir.toAbsolutePath(), d -> TestPostgres.freshDatabase()));
  }
}
