package dev.agentrelay.bench;

import dev.agentrelay.core.config.RelayConfig;
import dev.agentrelay.core.bus.StoreClient;
import dev.agentrelay.http.ops.MeteredVertx;
import dev.agentrelay.http.ops.RelayRegistry;
import dev.agentrelay.server.RelayServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * {@code --embedded}: a whole relay in this JVM, on its own Vert.x instance (with metrics, as
 * {@code java -jar} runs it) and a temp SQLite file (or the PostgreSQL database the environment names, see
 * {@link #storeOf}), rate limiting and request logs off. Its settings
 * are otherwise the defaults: WAL, synchronous=FULL, HTTP instances = cores.
 */
final class EmbeddedRelay implements AutoCloseable {

  private final Vertx vertx;
  private final RelayServer server;
  private final String adminKey;
  private final Path database;

  private EmbeddedRelay(Vertx vertx, RelayServer server, String adminKey, Path database) {
    this.vertx = vertx;
    this.server = server;
    this.adminKey = adminKey;
    this.database = database;
  }

  static EmbeddedRelay start(Path dir) {
    return start(dir, Map.of());
  }

  /**
   * The store named by the bench's own environment ({@code RELAY_STORE=postgres} and {@code RELAY_PG_*}, on an empty
   * database): the embedded relay runs on PostgreSQL then, otherwise on its temp SQLite file.
   */
  static Map<String, String> storeOf(Map<String, String> environment) {
    Map<String, String> store = new HashMap<>();
    environment.forEach((key, value) -> {
      if (key.equals("RELAY_STORE") || key.startsWith("RELAY_PG_")) {
        store.put(key, value);
      }
    });
    return store;
  }

  /** The same relay with {@code settings} over its defaults. */
  static EmbeddedRelay start(Path dir, Map<String, String> settings) {
    String adminKey = "bench-admin-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    Map<String, String> env = new HashMap<>();
    env.put("RELAY_DATA_DIR", dir.toString());
    env.put("RELAY_HOST", "127.0.0.1");
    env.put("RELAY_PORT", "0");
    env.put("RELAY_BOOTSTRAP_TOKEN", adminKey);
    env.put("RELAY_RATE_LIMIT", "0");
    env.put("RELAY_REQUEST_LOG", "false");
    env.put("RELAY_SSE_MAX_STREAMS_PER_AGENT", "64");
    env.putAll(storeOf(System.getenv()));
    env.putAll(settings);
    RelayConfig config = RelayConfig.from(env);
    PrometheusMeterRegistry registry = RelayRegistry.forNode(config.cluster().nodeId());
    Vertx vertx = MeteredVertx.create(registry);
    try {
      RelayServer server = Bench.await(RelayServer.start(vertx, config, registry), 120);
      return new EmbeddedRelay(vertx, server, adminKey, config.database());
    } catch (RuntimeException e) {
      vertx.close();
      throw e;
    }
  }

  String url() {
    return "http://127.0.0.1:" + server.port();
  }

  String adminKey() {
    return adminKey;
  }

  Path database() {
    return database;
  }

  StoreClient store() {
    return new StoreClient(vertx);
  }

  @Override
  public void close() {
    try {
      Bench.await(server.stop(), 120);
    } finally {
      Bench.await(vertx.close(), 30);
    }
  }
}
