package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every send's answer lists what it put in whose inbox, as the inboxes then show it. */
@ExtendWith(RelayExtension.class)
class SendDeliveriesTest {

  private static final String ADMIN = TestRelay.ADMIN_KEY;

  TestRelay relay;
  Api api;
  String worker;
  String other;

  @BeforeEach
  void start(TestRelay relay) {
    this.relay = relay;
    api = relay.api();
    worker = api.register("worker", 2);
    other = api.register("other", 2);
  }

  @Test
  void eachSendKindListsItsDeliveries() {
    Api.Reply task = api.post("/api/v1/tasks", ADMIN, new JsonObject().put("to_agent", "worker").put("title", "t"));
    assertThat(task.status()).isEqualTo(201);
    assertOneDeliveryTo(task, "worker", worker);
    String taskId = task.json().getString("task_id");

    Api.Reply message = api.post("/api/v1/messages", ADMIN,
        new JsonObject().put("to_agent", "worker").put("content", "hi"));
    assertThat(message.status()).isEqualTo(201);
    assertThat(message.json().getString("message_id")).isNotNull();
    assertOneDeliveryTo(message, "worker", worker);

    Api.Reply reply = api.post("/api/v1/messages", worker, new JsonObject().put("task_id", taskId).put("content", "ok"));
    assertOneDeliveryTo(reply, "admin", ADMIN);

    Api.Reply update = api.put("/api/v1/tasks/" + taskId, worker, new JsonObject().put("status", "working"));
    assertThat(update.status()).isEqualTo(200);
    assertThat(update.json().getString("status")).isEqualTo("working");
    assertOneDeliveryTo(update, "admin", ADMIN);

    Api.Reply artifact = api.post("/api/v1/tasks/" + taskId + "/artifacts", worker,
        new JsonObject().put("name", "out.txt").put("content", "result"));
    assertThat(artifact.status()).isEqualTo(201);
    assertOneDeliveryTo(artifact, "admin", ADMIN);

    Api.Reply broadcast = api.post("/api/v1/broadcast", ADMIN, new JsonObject().put("content", "all"));
    assertThat(broadcast.status()).isEqualTo(201);
    JsonArray deliveries = broadcast.json().getJsonArray("deliveries");
    assertThat(deliveries).hasSize(broadcast.json().getInteger("recipients"));
    assertThat(deliveries.stream().map(d -> ((JsonObject) d).getString("to_agent")).toList())
        .contains("worker", "other");
    for (Object delivered : deliveries) {
      JsonObject d = (JsonObject) delivered;
      JsonObject item = lastInboxItem(d.getString("to_agent").equals("worker") ? worker : other, d.getString("to_agent"));
      assertThat(item.getString("delivery_id")).isEqualTo(d.getString("delivery_id"));
      assertThat(item.getLong("seq")).isEqualTo(d.getLong("seq"));
    }
  }

  @Test
  void anIdempotentReplayAnswersTheSameDeliveries() {
    JsonObject body = new JsonObject().put("to_agent", "worker").put("content", "once");
    Map<String, String> key = Map.of("Idempotency-Key", "send-1");
    Api.Reply first = api.send(HttpMethod.POST, "/api/v1/messages", ADMIN, body, key);
    Api.Reply again = api.send(HttpMethod.POST, "/api/v1/messages", ADMIN, body, key);
    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(first.json().getJsonArray("deliveries")).hasSize(1);
    assertThat(again.json().getJsonArray("deliveries")).isEqualTo(first.json().getJsonArray("deliveries"));
  }

  private void assertOneDeliveryTo(Api.Reply reply, String agentId, String key) {
    JsonArray deliveries = reply.json().getJsonArray("deliveries");
    assertThat(deliveries).as(reply.toString()).hasSize(1);
    JsonObject delivered = deliveries.getJsonObject(0);
    assertThat(delivered.fieldNames()).containsExactlyInAnyOrder("delivery_id", "to_agent", "seq");
    assertThat(delivered.getString("to_agent")).isEqualTo(agentId);
    JsonObject item = lastInboxItem(key, agentId);
    assertThat(delivered.getString("delivery_id")).isEqualTo(item.getString("delivery_id"));
    assertThat(delivered.getLong("seq")).isEqualTo(item.getLong("seq"));
  }

  private JsonObject lastInboxItem(String key, String agentId) {
    JsonArray items = api.get("/api/v1/inbox?limit=200&agent_id=" + agentId, key).json().getJsonArray("items");
    List<Object> all = items.getList();
    return items.getJsonObject(all.size() - 1);
  }
}
