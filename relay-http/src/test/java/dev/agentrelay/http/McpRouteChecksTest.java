package dev.agentrelay.http;

import static dev.agentrelay.http.McpClients.INITIALIZE;
import static dev.agentrelay.http.McpClients.MCP_HEADERS;
import static dev.agentrelay.http.McpClients.inSession;
import static dev.agentrelay.http.McpClients.openSession;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrelay.core.config.RelayConfig;
import dev.agentrelay.http.ops.MeteredVertx;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code /mcp/} is the same endpoint as {@code /mcp}, behind the same Origin check, key, rate limit and body limit. */
@ExtendWith(VertxExtension.class)
class McpRouteChecksTest {

  private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";

  @TempDir
  Path dir;
  TestRelay relay;
  Api api;

  void start(Vertx vertx, Map<String, String> overrides) {
    relay = TestRelay.start(vertx, dir, overrides);
    api = relay.api();
  }

  @AfterEach
  void stop() {
    if (relay != null) {
      relay.stop();
    }
  }

  @Test
  void theTrailingSlashAsksForAValidKey(Vertx vertx) {
    start(vertx, Map.of());
    api.register("alice", 2);

    assertProblem(api.send(HttpMethod.POST, "/mcp/", null, INITIALIZE, MCP_HEADERS), 401, "missing_key");
    assertProblem(api.send(HttpMethod.POST, "/mcp/", "not-a-key", INITIALIZE, MCP_HEADERS), 401, "invalid_key");
  }

  @Test
  void aLiveSessionCannotBeReadOrEndedThroughTheTrailingSlashWithoutAKey(Vertx vertx) {
    start(vertx, Map.of());
    String alice = api.register("alice", 2);
    String session = openSession(api, "/mcp", alice);
    Map<String, String> named = Map.of("Mcp-Session-Id", session, "Accept", "text/event-stream");

    assertProblem(api.send(HttpMethod.GET, "/mcp/", null, null, named), 401, "missing_key");
    assertProblem(api.send(HttpMethod.DELETE, "/mcp/", null, null, named), 401, "missing_key");
    assertProblem(api.send(HttpMethod.DELETE, "/mcp/", "not-a-key", null, named), 401, "invalid_key");

    assertThat(api.send(HttpMethod.POST, "/mcp/", alice, LIST, inSession(session)).status())
        .as("the session is still alive").isEqualTo(200);
    assertThat(api.send(HttpMethod.DELETE, "/mcp/", alice, null, named).status()).isEqualTo(200);
    assertThat(api.send(HttpMethod.POST, "/mcp", alice, LIST, inSession(session)).status()).isEqualTo(404);
  }

  @Test
  void theTrailingSlashRefusesForeignOriginsBeforeAnythingElse(Vertx vertx) {
    start(vertx, Map.of("RELAY_MCP_ALLOWED_ORIGINS", "http://localhost:6274"));
    String alice = api.register("alice", 2);
    Map<String, String> foreign = new HashMap<>(MCP_HEADERS);
    foreign.put("Origin", "http://evil.example");

    assertThat(api.send(HttpMethod.POST, "/mcp/", alice, INITIALIZE, foreign).status()).isEqualTo(403);
    assertThat(api.send(HttpMethod.POST, "/mcp/", null, INITIALIZE, foreign).status()).isEqualTo(403);
    foreign.put("Origin", "http://localhost:6274");
    assertThat(api.send(HttpMethod.POST, "/mcp/", alice, INITIALIZE, foreign).status()).isEqualTo(200);
  }

  @Test
  void theTrailingSlashLimitsBodies(Vertx vertx) {
    start(vertx, Map.of("RELAY_MAX_BODY_BYTES", "2048"));
    String alice = api.register("alice", 2);
    String oversized = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"" + "x".repeat(4096)
        + "\"}}";

    assertProblem(api.send(HttpMethod.POST, "/mcp/", alice, oversized, MCP_HEADERS), 413, "payload_too_large");
    assertProblem(api.send(HttpMethod.POST, "/mcp", alice, oversized, MCP_HEADERS), 413, "payload_too_large");
  }

  @Test
  void theTrailingSlashTakesARateLimitToken(Vertx vertx) {
    start(vertx, Map.of("RELAY_RATE_LIMIT", "0.5")); // a burst of one request, then one every 2 s
    String alice = api.register("alice", 2);

    assertThat(api.send(HttpMethod.POST, "/mcp/", alice, INITIALIZE, MCP_HEADERS).status()).isEqualTo(200);
    assertProblem(api.send(HttpMethod.POST, "/mcp/", alice, INITIALIZE, MCP_HEADERS), 429, "rate_limited");
  }

  @Test
  void bothPathsAreCountedUnderTheRouteMcp() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx metered = MeteredVertx.create(registry);
    try {
      TestServer server = TestRelay.await(TestServer.start(metered, RelayConfig.from(Map.of("RELAY_DATA_DIR",
          dir.resolve("metered").toString(), "RELAY_HOST", "127.0.0.1", "RELAY_PORT", "0", "RELAY_BOOTSTRAP_TOKEN",
          TestRelay.ADMIN_KEY, "RELAY_RATE_LIMIT", "0")), registry));
      Api measured = new Api(WebClient.create(metered), "127.0.0.1", server.port());
      String alice = measured.register("alice", 2);
      openSession(measured, "/mcp", alice);
      openSession(measured, "/mcp/", alice);
      measured.send(HttpMethod.POST, "/mcp/", null, INITIALIZE, MCP_HEADERS);

      String text = measured.get("/metrics", null).body();
      TestRelay.await(server.stop());
      assertThat(text.lines().filter(line -> line.startsWith("vertx_http_server_requests_total")))
          .anyMatch(line -> line.contains("code=\"200\"") && line.contains("route=\"/mcp\"")
              && line.endsWith(" 2.0"))
          .anyMatch(line -> line.contains("code=\"401\"") && line.contains("route=\"/mcp\""))
          .noneMatch(line -> line.contains("route=\"/mcp/\"") || line.contains("/mcp/mcp"));
    } finally {
      metered.close().await(30, TimeUnit.SECONDS);
    }
  }

  private static void assertProblem(Api.Reply reply, int status, String code) {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
    assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
    assertThat(reply.json().getString("code")).isEqualTo(code);
  }
}
