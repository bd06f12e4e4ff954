package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrelay.core.auth.ApiKeys;
import dev.agentrelay.http.ops.LogSetup;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class LoggingTest {

  private static final String BODY_MARKER = "confidential-body-marker-8f3a";
  private static final String WRONG_KEY = "ark_wrong-key-marker-77c1";

  @TempDir
  Path dir;
  TestRelay relay;
  final Formatter json = LogSetup.formatter("json");
  final List<String> lines = new CopyOnWriteArrayList<>();
  final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      lines.add(json.format(record));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };

  @BeforeEach
  void start(Vertx vertx) {
    Logger.getLogger("").addHandler(capture);
    relay = TestRelay.start(vertx, dir);
  }

  @AfterEach
  void stop() {
    relay.stop();
    Logger.getLogger("").removeHandler(capture);
  }

  @Test
  void jsonLogsHaveOneObjectPerLineAndRequestLinesCarryAgentRouteStatusAndLatency() {
    Api api = relay.api();
    String key = api.register("logged", 2);
    api.get("/api/v1/agents/logged", key);

    List<JsonObject> parsed = new ArrayList<>();
    for (String line : lines) {
      assertThat(line).endsWith(System.lineSeparator());
      assertThat(line.strip()).doesNotContain("\n");
      parsed.add(new JsonObject(line));
    }
    JsonObject request = parsed.stream()
        .filter(p -> "request".equals(p.getString("msg")) && "/api/v1/agents/logged".equals(p.getString("path")))
        .findFirst().orElseThrow();
    assertThat(request.getString("agent")).isEqualTo("logged");
    assertThat(request.getString("method")).isEqualTo("GET");
    assertThat(request.getString("route")).isEqualTo("/api/v1/agents/:id");
    assertThat(request.getInteger("status")).isEqualTo(200);
    assertThat(request.getDouble("latency_ms")).isNotNegative();
    assertThat(request.fieldNames()).contains("ts", "level", "logger");
  }

  @Test
  void noKeyHashSecretOrMessageBodyEverReachesTheLog() {
    Api api = relay.api();
    String key = api.register("careful", 2);
    Api.Reply hooked = api.post("/api/v1/agents", TestRelay.ADMIN_KEY, new JsonObject().put("agent_id", "hooked")
        .put("contact", new JsonObject().put("method", "webhook").put("webhook_url", "http://10.9.9.9/hook")));
    String secret = hooked.json().getString("webhook_secret");
    String rotated = api.post("/api/v1/agents/careful/keys", key, null).json().getString("api_key");
    api.post("/api/v1/messages", rotated, new JsonObject().put("to_agent", "hooked").put("content", BODY_MARKER));
    api.post("/api/v1/tasks", rotated, new JsonObject().put("to_agent", "ghost").put("title", BODY_MARKER));
    api.get("/api/v1/agents", WRONG_KEY);
    api.post("/api/v1/tasks", rotated, "{\"title\": \"" + BODY_MARKER + "\", broken");

    assertThat(lines).isNotEmpty();
    for (String secretText : List.of(key, rotated, TestRelay.ADMIN_KEY, ApiKeys.hash(key), ApiKeys.hash(rotated),
        ApiKeys.hash(TestRelay.ADMIN_KEY), secret, secret.substring("whsec_".length()), BODY_MARKER, WRONG_KEY)) {
      assertThat(lines).noneMatch(line -> line.contains(secretText));
    }
  }
}
