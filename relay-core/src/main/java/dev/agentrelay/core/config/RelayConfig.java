package dev.agentrelay.core.config;

import io.vertx.core.shareddata.Shareable;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * Every setting of the relay, read once at start from environment variables over an optional file
 * ({@code RELAY_CONFIG}, {@code KEY=VALUE} lines) and checked before anything starts.
 */
public record RelayConfig(
    String host,
    int port,
    Path dataDir,
    Path database,
    String bootstrapToken,
    Path agentsFile,
    int maxBodyBytes,
    double rateLimit,
    boolean webhookAllowLocal,
    Path tlsCert,
    Path tlsKey,
    String logFormat,
    String sqliteSynchronous,
    int busyTimeoutMillis,
    int commitBatchMax,
    int readPoolSize,
    int httpInstances,
    long sseKeepAliveMillis,
    int sseMaxStreamsPerAgent,
    java.util.List<java.time.Duration> webhookRetrySchedule,
    String metricsAuth,
    boolean requestLog,
    java.util.List<String> mcpAllowedOrigins,
    long housekeepingMillis,
    double authFailureLimit,
    int longPollMaxPerAgent,
    long httpIdleTimeoutMillis,
    long httpHeaderTimeoutMillis,
    int httpMaxConnections,
    java.time.Duration retentionAcked,
    java.time.Duration retentionAudit,
    boolean ui,
    StoreSettings store,
    ClusterSettings cluster) implements Shareable {

  public static final String CONFIG_FILE = "RELAY_CONFIG";
  /** The bootstrap token is admin's key: no shorter than the 32 characters a guesser would have to find. */
  public static final int MIN_BOOTSTRAP_TOKEN_LENGTH = 32;

  public RelayConfig {
    require(port >= 0 && port <= 65535, "RELAY_PORT must be 0-65535");
    require(maxBodyBytes > 0, "RELAY_MAX_BODY_BYTES must be positive");
    require(rateLimit >= 0, "RELAY_RATE_LIMIT must be 0 (off) or positive");
    require((tlsCert == null) == (tlsKey == null), "RELAY_TLS_CERT and RELAY_TLS_KEY go together");
    require(logFormat.equals("text") || logFormat.equals("json"), "RELAY_LOG_FORMAT must be text or json");
    require(java.util.Set.of("OFF", "NORMAL", "FULL", "EXTRA").contains(sqliteSynchronous),
        "RELAY_SQLITE_SYNCHRONOUS must be OFF, NORMAL, FULL or EXTRA");
    require(busyTimeoutMillis >= 0, "RELAY_SQLITE_BUSY_TIMEOUT_MS must not be negative");
    require(commitBatchMax >= 1, "RELAY_COMMIT_BATCH_MAX must be at least 1");
    require(readPoolSize >= 1, "RELAY_READ_POOL_SIZE must be at least 1");
    require(httpInstances >= 1, "RELAY_HTTP_INSTANCES must be at least 1");
    require(sseKeepAliveMillis >= 10, "RELAY_SSE_KEEPALIVE_MS must be at least 10");
    require(sseMaxStreamsPerAgent >= 1, "RELAY_SSE_MAX_STREAMS_PER_AGENT must be at least 1");
    require(housekeepingMillis >= 10, "RELAY_HOUSEKEEPING_MS must be at least 10");
    webhookRetrySchedule = java.util.List.copyOf(webhookRetrySchedule);
    require(java.util.Set.of("loopback", "key", "open").contains(metricsAuth),
        "RELAY_METRICS_AUTH must be loopback, key or open");
    mcpAllowedOrigins = java.util.List.copyOf(mcpAllowedOrigins);
    require(bootstrapToken == null || bootstrapToken.length() >= MIN_BOOTSTRAP_TOKEN_LENGTH,
        "RELAY_BOOTSTRAP_TOKEN must be at least " + MIN_BOOTSTRAP_TOKEN_LENGTH
            + " characters (it is the admin key); make one with: openssl rand -hex 32");
    require(authFailureLimit >= 0, "RELAY_AUTH_FAILURE_LIMIT must be 0 (off) or positive");
    require(longPollMaxPerAgent >= 1, "RELAY_LONGPOLL_MAX_PER_AGENT must be at least 1");
    require(httpIdleTimeoutMillis >= 10, "RELAY_HTTP_IDLE_TIMEOUT_MS must be at least 10");
    require(httpHeaderTimeoutMillis >= 10, "RELAY_HTTP_HEADER_TIMEOUT_MS must be at least 10");
    require(httpMaxConnections >= 1, "RELAY_HTTP_MAX_CONNECTIONS must be at least 1");
    require(!retentionAcked.isNegative() && !retentionAudit.isNegative(), "retention must not be negative");
    require(!cluster.clustered() || store.postgres(),
        "RELAY_CLUSTER_MEMBERS needs RELAY_STORE=postgres: nodes of one relay share one PostgreSQL database");
  }

  /** Reads {@code env}, over the file named by its {@code RELAY_CONFIG} if any: the environment wins. */
  public static RelayConfig from(Map<String, String> env) {
    Map<String, String> merged = new HashMap<>();
    String file = env.get(CONFIG_FILE);
    if (file != null && !file.isBlank()) {
      merged.putAll(readFile(Path.of(file)));
    }
    env.forEach((key, value) -> {
      if (value != null && !value.isEmpty()) {
        merged.put(key, value);
      }
    });
    return fromSettings(merged);
  }

  private static RelayConfig fromSettings(Map<String, String> s) {
    Path dataDir = Path.of(s.getOrDefault("RELAY_DATA_DIR", "./data"));
    Path database = s.containsKey("RELAY_DB") ? Path.of(s.get("RELAY_DB")) : dataDir.resolve("relay.db");
    return new RelayConfig(
        s.getOrDefault("RELAY_HOST", "0.0.0.0"),
        number(s, "RELAY_PORT", "8400", Integer::parseInt),
        dataDir,
        database,
        s.get("RELAY_BOOTSTRAP_TOKEN"),
        path(s, "RELAY_AGENTS_FILE"),
        number(s, "RELAY_MAX_BODY_BYTES", "1048576", Integer::parseInt),
        number(s, "RELAY_RATE_LIMIT", "100", Double::parseDouble),
        bool(s, "RELAY_WEBHOOK_ALLOW_LOCAL", "false"),
        path(s, "RELAY_TLS_CERT"),
        path(s, "RELAY_TLS_KEY"),
        s.getOrDefault("RELAY_LOG_FORMAT", "text").toLowerCase(Locale.ROOT),
        s.getOrDefault("RELAY_SQLITE_SYNCHRONOUS", "FULL").toUpperCase(Locale.ROOT),
        number(s, "RELAY_SQLITE_BUSY_TIMEOUT_MS", "5000", Integer::parseInt),
        number(s, "RELAY_COMMIT_BATCH_MAX", "1024", Integer::parseInt),
        number(s, "RELAY_READ_POOL_SIZE", "4", Integer::parseInt),
        number(s, "RELAY_HTTP_INSTANCES",
            String.valueOf(Math.max(1, Runtime.getRuntime().availableProcessors())), Integer::parseInt),
        number(s, "RELAY_SSE_KEEPALIVE_MS", "15000", Long::parseLong),
        number(s, "RELAY_SSE_MAX_STREAMS_PER_AGENT", "8", Integer::parseInt),
        DurationList.parse("RELAY_WEBHOOK_RETRY_SCHEDULE", s.getOrDefault("RELAY_WEBHOOK_RETRY_SCHEDULE",
            DurationList.DEFAULT_RETRY_SCHEDULE)),
        s.getOrDefault("RELAY_METRICS_AUTH", "loopback").toLowerCase(Locale.ROOT),
        bool(s, "RELAY_REQUEST_LOG", "true"),
        list(s, "RELAY_MCP_ALLOWED_ORIGINS"),
        number(s, "RELAY_HOUSEKEEPING_MS", "3600000", Long::parseLong),
        number(s, "RELAY_AUTH_FAILURE_LIMIT", "10", Double::parseDouble),
        number(s, "RELAY_LONGPOLL_MAX_PER_AGENT", "8", Integer::parseInt),
        number(s, "RELAY_HTTP_IDLE_TIMEOUT_MS", "120000", Long::parseLong),
        number(s, "RELAY_HTTP_HEADER_TIMEOUT_MS", "10000", Long::parseLong),
        number(s, "RELAY_HTTP_MAX_CONNECTIONS", "16384", Integer::parseInt),
        DurationList.parseOne("RELAY_RETENTION_ACKED", s.getOrDefault("RELAY_RETENTION_ACKED", "7d")),
        DurationList.parseOne("RELAY_RETENTION_AUDIT", s.getOrDefault("RELAY_RETENTION_AUDIT", "0")),
        bool(s, "RELAY_UI", "true"),
        StoreSettings.from(s),
        ClusterSettings.from(s));
  }

  /** This configuration listening on {@code newPort}; tests use port 0. */
  public RelayConfig withPort(int newPort) {
    return new RelayConfig(host, newPort, dataDir, database, bootstrapToken, agentsFile, maxBodyBytes,
        rateLimit, webhookAllowLocal, tlsCert, tlsKey, logFormat, sqliteSynchronous, busyTimeoutMillis,
        commitBatchMax, readPoolSize, httpInstances, sseKeepAliveMillis, sseMaxStreamsPerAgent, webhookRetrySchedule,
        metricsAuth, requestLog, mcpAllowedOrigins, housekeepingMillis, authFailureLimit, longPollMaxPerAgent,
        httpIdleTimeoutMillis, httpHeaderTimeoutMillis, httpMaxConnections,
        retentionAcked, retentionAudit, ui, store, cluster);
  }

  /** Never prints the bootstrap token. */
  @Override
  public String toString() {
    return "RelayConfig[host=" + host + ", port=" + port + ", store=" + store + ", database=" + database
        + ", rateLimit=" + rateLimit
        + ", maxBodyBytes=" + maxBodyBytes + ", synchronous=" + sqliteSynchronous + ", tls=" + (tlsCert != null)
        + ", bootstrapToken=" + (bootstrapToken == null ? "unset" : "set") + "]";
  }

  private static Map<String, String> readFile(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new IllegalArgumentException(CONFIG_FILE + " names " + file + ", which cannot be read: " + e.getMessage());
    }
    Map<String, String> values = new HashMap<>();
    properties.forEach((key, value) -> {
      String text = unquote(value.toString().trim());
      // an empty line (RELAY_X=) means unset, as an empty environment variable does
      if (!text.isEmpty()) {
        values.put(key.toString().trim(), text);
      }
    });
    return values;
  }

  private static String unquote(String value) {
    boolean quoted = value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
        || value.startsWith("'") && value.endsWith("'"));
    return quoted ? value.substring(1, value.length() - 1) : value;
  }

  private static <T> T number(Map<String, String> s, String key, String fallback, Function<String, T> parse) {
    String text = s.getOrDefault(key, fallback).trim();
    try {
      return parse.apply(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number, not '" + text + "'");
    }
  }

  private static boolean bool(Map<String, String> s, String key, String fallback) {
    String text = s.getOrDefault(key, fallback).trim().toLowerCase(Locale.ROOT);
    require(text.equals("true") || text.equals("false"), key + " must be true or false");
    return text.equals("true");
  }

  /** Comma-separated words; unset is empty. */
  private static java.util.List<String> list(Map<String, String> s, String key) {
    return java.util.Arrays.stream(s.getOrDefault(key, "").split(",")).map(String::trim)
        .filter(word -> !word.isEmpty()).toList();
  }

  private static Path path(Map<String, String> s, String key) {
    String text = s.get(key);
    return text == null || text.isBlank() ? null : Path.of(text);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
