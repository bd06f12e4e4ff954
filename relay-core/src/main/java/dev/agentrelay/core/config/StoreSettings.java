package dev.agentrelay.core.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Which store the relay runs on and, for PostgreSQL, how it reaches the server. The password is read once, at
 * start, from {@code RELAY_PG_PASSWORD} or the file {@code RELAY_PG_PASSWORD_FILE} names, and never printed.
 */
public record StoreSettings(Kind kind, String pgUrl, String pgUser, String pgPassword, int pgPoolSize,
    Duration pgStatementTimeout) {

  /** The two stores behind the event-bus contract. */
  public enum Kind {
    SQLITE, POSTGRES
  }

  public static final StoreSettings SQLITE = new StoreSettings(Kind.SQLITE, null, null, null, 1, Duration.ZERO);

  public StoreSettings {
    if (kind == Kind.POSTGRES) {
      require(pgUrl != null, "RELAY_STORE=postgres needs RELAY_PG_URL (postgresql://host:5432/db)");
      require(pgPoolSize >= 1, "RELAY_PG_POOL_SIZE must be at least 1");
      require(!pgStatementTimeout.isNegative(), "RELAY_PG_STATEMENT_TIMEOUT must not be negative");
    }
  }

  static StoreSettings from(Map<String, String> s) {
    String kind = s.getOrDefault("RELAY_STORE", "sqlite").trim().toLowerCase(Locale.ROOT);
    switch (kind) {
      case "sqlite":
        return SQLITE;
      case "postgres", "postgresql":
        return new StoreSettings(Kind.POSTGRES, jdbcUrl(s.get("RELAY_PG_URL")), s.get("RELAY_PG_USER"), password(s),
            poolSize(s.getOrDefault("RELAY_PG_POOL_SIZE", "8")),
            DurationList.parseOne("RELAY_PG_STATEMENT_TIMEOUT", s.getOrDefault("RELAY_PG_STATEMENT_TIMEOUT", "30s")));
      default:
        throw new IllegalArgumentException("RELAY_STORE must be sqlite or postgres, not '" + kind + "'");
    }
  }

  public boolean postgres() {
    return kind == Kind.POSTGRES;
  }

  /** {@code postgresql://…} as users write it, or already {@code jdbc:postgresql://…}. */
  private static String jdbcUrl(String url) {
    if (url == null || url.isBlank()) {
      return null;
    }
    String trimmed = url.trim();
    if (trimmed.startsWith("jdbc:postgresql:")) {
      return trimmed;
    }
    if (trimmed.startsWith("postgresql://") || trimmed.startsWith("postgres://")) {
      return "jdbc:postgresql://" + trimmed.substring(trimmed.indexOf("://") + 3);
    }
    throw new IllegalArgumentException("RELAY_PG_URL must start with postgresql:// or jdbc:postgresql://");
  }

  private static String password(Map<String, String> s) {
    String file = s.get("RELAY_PG_PASSWORD_FILE");
    if (file == null || file.isBlank()) {
      return s.get("RELAY_PG_PASSWORD");
    }
    require(!s.containsKey("RELAY_PG_PASSWORD"), "set RELAY_PG_PASSWORD or RELAY_PG_PASSWORD_FILE, not both");
    try {
      return Files.readString(Path.of(file)).strip();
    } catch (IOException e) {
      throw new IllegalArgumentException("RELAY_PG_PASSWORD_FILE names " + file + ", which cannot be read");
    }
  }

  private static int poolSize(String text) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("RELAY_PG_POOL_SIZE must be a number, not '" + text + "'");
    }
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return kind == Kind.SQLITE ? "sqlite" : "postgres " + withoutSecrets(pgUrl) + " as " + pgUser;
  }

  /** The URL without its query or user part, where a password might have been written. */
  public static String withoutSecrets(String url) {
    int query = url.indexOf('?');
    String bare = query < 0 ? url : url.substring(0, query);
    return bare.replaceFirst("//[^/@]*@", "//");
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
