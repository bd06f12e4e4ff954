package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrelay.core.config.RelayConfig;
import dev.agentrelay.http.ops.MeteredVertx;
import dev.agentrelay.http.ops.RelayRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics}: Prometheus text with HTTP, store, delivery and rate-limit figures. */
class MetricsTest {

  @TempDir
  Path dir;
  Vertx vertx;
  TestServer server;
  Api api;

  @AfterEach
  void stop() throws Exception {
    server.stop().await(30, TimeUnit.SECONDS);
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  private void start(Map<String, String> overrides) {
    start(overrides, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  private void start(Map<String, String> overrides, PrometheusMeterRegistry registry) {
    vertx = MeteredVertx.create(registry);
    Map<String, String> env = new java.util.HashMap<>(Map.of("RELAY_DATA_DIR", dir.toString(), "RELAY_HOST",
        "127.0.0.1", "RELAY_PORT", "0", "RELAY_BOOTSTRAP_TOKEN", TestRelay.ADMIN_KEY, "RELAY_RATE_LIMIT", "1"));
    env.putAll(overrides);
    server = TestRelay.await(TestServer.start(vertx, RelayConfig.from(env), registry));
    api = new Api(WebClient.create(vertx), "127.0.0.1", server.port());
  }

  @Test
  void exposesRequestStoreDeliveryAndRateLimitMetricsToLoopbackWithoutAKey() {
    start(Map.of());
    api.register("worker", 2);
    api.createTask(TestRelay.ADMIN_KEY, "worker", "measured");
    for (int i = 0; i < 5; i++) {
      api.get("/api/v1/agents", TestRelay.ADMIN_KEY);
    }

    Api.Reply reply = api.get("/metrics", null);
    assertThat(reply.status()).isEqualTo(200);
    String text = reply.body();
    assertThat(text).contains("vertx_http_server_requests_total")
        .contains("route=\"/api/v1/tasks\"")
        .contains("code=\"201\"")
        .contains("vertx_http_server_response_time_seconds_bucket")
        .contains("relay_commit_batch_size_count")
        .contains("relay_commit_duration_seconds_bucket")
        .contains("relay_deliveries_pending 1.0")
        .contains("relay_sse_subscribers")
        .contains("relay_longpoll_waiters")
        .contains("relay_webhook_attempts_total")
        .contains("relay_webhook_deliveries_total{outcome=\"gave_up\"}");
    assertThat(counter(text, "relay_rate_limited_total")).isPositive();
    assertThat(counter(text, "relay_deliveries_committed_total")).isEqualTo(1);
    assertThat(counter(text, "relay_writes_committed_total")).isGreaterThan(1);
  }

  @Test
  void requestsAreLabelledByTheRouteThatTookThemEvenWhenTheyFail() {
    start(Map.of("RELAY_RATE_LIMIT", "0"));
    api.register("sender", 2);
    assertThat(api.post("/api/v1/messages", TestRelay.ADMIN_KEY, new JsonObject().put("content", "x")).status())
        .isEqualTo(422);
    assertThat(api.get("/api/v1/agents/nobody", TestRelay.ADMIN_KEY).status()).isEqualTo(404);
    assertThat(api.get("/api/v1/nowhere", TestRelay.ADMIN_KEY).status()).isEqualTo(404);
    assertThat(api.send(HttpMethod.valueOf("BREW"), "/api/v1/health", null, null, Map.of()).status())
        .isGreaterThanOrEqualTo(400);

    String text = api.get("/metrics", null).body();
    assertThat(counter(text, "vertx_http_server_requests_total{code=\"422\",method=\"POST\",route=\"/api/v1/messages\"}"))
        .isEqualTo(1);
    assertThat(counter(text, "vertx_http_server_requests_total{code=\"404\",method=\"GET\",route=\"/api/v1/agents/:id\"}"))
        .isEqualTo(1);
    assertThat(counter(text, "vertx_http_server_requests_total{code=\"404\",method=\"GET\",route=\"\"}"))
        .isEqualTo(1);
    assertThat(text.lines().filter(line -> line.startsWith("vertx_http_server_")))
        .anyMatch(line -> line.contains("method=\"OTHER\"")).noneMatch(line -> line.contains("BREW"));
    assertThat(counter(text, "vertx_http_server_response_time_seconds_count{code=\"201\",method=\"POST\",route=\"/api/v1/agents\"}"))
        .isEqualTo(1);
  }

  @Test
  void everyMeterOfTheRelayAndOfVertxCarriesTheNodeLabel() {
    start(Map.of("RELAY_RATE_LIMIT", "0"), RelayRegistry.forNode("relay-east-1"));
    api.register("worker", 2);

    List<String> samples = api.get("/metrics", null).body().lines()
        .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
    assertThat(samples).isNotEmpty().allMatch(line -> line.contains("node=\"relay-east-1\""));
    assertThat(samples).anyMatch(line -> line.startsWith("relay_writes_committed_total{"))
        .anyMatch(line -> line.startsWith("vertx_sql_processing_pending{"))
        .anyMatch(line -> line.startsWith("jvm_memory_used_bytes{"));
  }

  @Test
  void keyModeAsksATier1Key() {
    start(Map.of("RELAY_METRICS_AUTH", "key", "RELAY_RATE_LIMIT", "0"));
    String scoped = api.register("scoped", 2);
    assertThat(api.get("/metrics", null).status()).isEqualTo(401);
    assertThat(api.get("/metrics", scoped).status()).isEqualTo(403);
    assertThat(api.get("/metrics", TestRelay.ADMIN_KEY).status()).isEqualTo(200);
  }

  @Test
  void aLoopbackRequestForwardedByAProxyNeedsATier1Key() {
    start(Map.of("RELAY_RATE_LIMIT", "0"));
    String scoped = api.register("scoped", 2);
    for (String header : List.of("X-Forwarded-For", "Forwarded", "X-Real-IP")) {
      String value = header.equals("Forwarded") ? "for=203.0.113.7" : "203.0.113.7";
      assertThat(metrics(null, header, value).status()).as(header).isEqualTo(401);
      assertThat(metrics(scoped, header, value).status()).as(header).isEqualTo(403);
      assertThat(metrics(TestRelay.ADMIN_KEY, header, value).status()).as(header).isEqualTo(200);
    }
    assertThat(api.get("/metrics", null).status()).as("a local scraper still needs no key").isEqualTo(200);
  }

  private Api.Reply metrics(String key, String header, String value) {
    return api.send(HttpMethod.GET, "/metrics", key, null, Map.of(header, value));
  }

  private static double counter(String text, String name) {
    return text.lines()
        .filter(line -> line.startsWith(name + " ") || !name.endsWith("}") && line.startsWith(name + "{"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
  }
}
