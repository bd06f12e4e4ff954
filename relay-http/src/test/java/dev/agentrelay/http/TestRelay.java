package dev.agentrelay.http;

import dev.agentrelay.core.config.RelayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real relay for tests: a SQLite file in a temp directory or a fresh PostgreSQL database (see {@link TestStore}),
 * the real verticles, HTTP on a free port, and a real HTTP client. Rate limiting is off unless a test turns it on.
 */
final class TestRelay {

  static final String ADMIN_KEY = "test-admin-key-0123456789abcdef0123456789abcdef";

  private final Vertx vertx;
  private final Map<String, String> env;
  private final WebClient webClient;
  private TestServer server;

  private TestRelay(Vertx vertx, Map<String, String> env) {
    this.vertx = vertx;
    this.env = env;
    this.webClient = WebClient.create(vertx, new WebClientOptions(), new PoolOptions().setHttp1MaxSize(64));
  }

  static TestRelay start(Vertx vertx, Path dir) {
    return start(vertx, dir, Map.of());
  }

  /** Starts a relay whose environment is the test defaults overridden by {@code overrides}. */
  static TestRelay start(Vertx vertx, Path dir, Map<String, String> overrides) {
    Map<String, String> env = new HashMap<>();
    env.put("RELAY_DATA_DIR", dir.resolve("data").toString());
    env.put("RELAY_HOST", "127.0.0.1");
    env.put("RELAY_PORT", "0");
    env.put("RELAY_BOOTSTRAP_TOKEN", ADMIN_KEY);
    env.put("RELAY_RATE_LIMIT", "0");
    env.put("RELAY_WEBHOOK_ALLOW_LOCAL", "true");
    env.put("RELAY_HTTP_INSTANCES", "2");
    env.putAll(TestStore.env(dir));
    env.putAll(overrides);
    TestRelay relay = new TestRelay(vertx, env);
    relay.boot();
    return relay;
  }

  private void boot() {
    server = await(TestServer.start(vertx, RelayConfig.from(env)));
  }

  /** Stops the relay and starts it again on the same database file (on a new port). */
  void restart() {
    stop();
    boot();
  }

  /** Stops the relay, runs {@code whileStopped}, and starts it again on the same database file. */
  void restart(Runnable whileStopped) {
    stop();
    whileStopped.run();
    boot();
  }

  /** Runs {@code whileUndeployed} with no A2A push dispatcher, then deploys one again. */
  void withoutA2aPush(Runnable whileUndeployed) {
    await(server.stopA2aPush());
    whileUndeployed.run();
    await(server.startA2aPush());
  }

  void stop() {
    await(server.stop());
  }

  int port() {
    return server.port();
  }

  RelayConfig config() {
    return server.config();
  }

  Api api() {
    return new Api(webClient, "127.0.0.1", port());
  }

  static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("timed out or failed: " + e, e);
    }
  }
}
