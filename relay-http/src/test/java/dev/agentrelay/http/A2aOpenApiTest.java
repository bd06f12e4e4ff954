package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentrelay.core.json.Json;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The /a2a part of openapi.json: every operation it lists is served, with a key exactly where it says. */
@ExtendWith(VertxExtension.class)
class A2aOpenApiTest {

  private static final Set<String> METHODS = Set.of("get", "post", "put", "delete");

  @TempDir
  java.nio.file.Path dir;
  TestRelay relay;
  Api api;

  @BeforeEach
  void start(Vertx vertx) {
    relay = TestRelay.start(vertx, dir);
    api = relay.api();
  }

  @AfterEach
  void stop() {
    relay.stop();
  }

  @Test
  void everyDocumentedA2aOperationIsServed() throws Exception {
    String worker = api.register("worker", 2);
    String caller = api.register("caller", 2, new JsonObject().put("permissions",
        new JsonObject().put("can_send_to", new JsonArray().add("worker"))));
    String taskId = new A2aCalls(relay.port()).result(caller, "worker", "SendMessage",
        A2aCalls.sendParams(A2aCalls.message("doc", "doc"), true)).getJsonObject("task").getString("id");
    List<String> checked = new ArrayList<>();
    JsonNode doc;
    try (InputStream in = A2aOpenApiTest.class.getResourceAsStream("/openapi.json")) {
      doc = Json.MAPPER.readTree(in);
    }
    for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      if (!path.getKey().startsWith("/a2a/")) {
        continue;
      }
      String concrete = path.getKey().replace("{agent_id}", "worker").replace("{task_id}", taskId)
          .replace("{config_id}", "cfg");
      for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
        Map.Entry<String, JsonNode> op = ops.next();
        if (!METHODS.contains(op.getKey())) {
          continue;
        }
        JsonNode node = op.getValue();
        String name = op.getKey() + " " + path.getKey();
        assertThat(node.path("summary").asText()).as(name).isNotBlank();
        HttpMethod method = HttpMethod.valueOf(op.getKey().toUpperCase(java.util.Locale.ROOT));
        boolean isPublic = node.has("security") && node.get("security").isEmpty();
        Api.Reply anonymous = api.send(method, concrete, null, null, Map.of());
        assertThat(anonymous.status()).as(name + " without a key").isEqualTo(isPublic ? 200 : 401);
        if (!isPublic && !path.getKey().endsWith("stream") && !path.getKey().endsWith(":subscribe")) {
          Api.Reply served = api.send(method, concrete, caller, method == HttpMethod.POST ? "{}" : null, Map.of());
          assertThat(served.body()).as(name + " is served").doesNotContain("METHOD_NOT_FOUND");
          assertThat(served.status()).as(name + " answers with a documented status")
              .isIn(documentedStatuses(node));
        }
        checked.add(name);
      }
    }
    assertThat(checked).hasSizeGreaterThanOrEqualTo(12);
  }

  private static List<Integer> documentedStatuses(JsonNode op) {
    List<Integer> statuses = new ArrayList<>();
    op.path("responses").fieldNames().forEachRemaining(s -> statuses.add(Integer.parseInt(s)));
    return statuses;
  }
}
