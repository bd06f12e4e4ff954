package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class PersistenceTest {

  private static final String ADMIN = TestRelay.ADMIN_KEY;

  @TempDir
  Path dir;
  TestRelay relay;

  @AfterEach
  void stop() {
    relay.stop();
  }

  @Test
  void aRestartOnTheSameFileKeepsAgentsKeysTasksAndUnackedDeliveries(Vertx vertx) {
    relay = TestRelay.start(vertx, dir);
    Api api = relay.api();
    String oldKey = api.register("keeper", 2);
    String key = api.post("/api/v1/agents/keeper/keys", oldKey, null).json().getString("api_key");
    String taskId = api.createTask(ADMIN, "keeper", "survive");
    api.put("/api/v1/tasks/" + taskId, key, new JsonObject().put("status", "working").put("message", "started"));
    api.createTask(ADMIN, "keeper", "acked before restart");
    api.createTask(ADMIN, "keeper", "still pending");
    JsonArray before = api.inbox(key).getJsonArray("items");
    long firstSeq = before.getJsonObject(0).getLong("seq");
    api.post("/api/v1/inbox/ack", key, new JsonObject().put("up_to_seq", before.getJsonObject(1).getLong("seq")));

    relay.restart();
    api = relay.api();

    assertThat(api.get("/api/v1/agents", oldKey).status()).isEqualTo(401);
    assertThat(api.get("/api/v1/agents/keeper", key).status()).isEqualTo(200);
    JsonObject task = api.get("/api/v1/tasks/" + taskId, key).json();
    assertThat(task.getString("status")).isEqualTo("working");
    assertThat(task.getJsonArray("messages")).hasSize(1);
    JsonObject inbox = api.inbox(key);
    assertThat(inbox.getLong("pending")).isEqualTo(1);
    JsonObject pending = inbox.getJsonArray("items").getJsonObject(0);
    assertThat(pending.getJsonObject("task").getString("title")).isEqualTo("still pending");
    assertThat(pending.getLong("seq")).isGreaterThan(firstSeq);

    api.createTask(ADMIN, "keeper", "after restart");
    JsonArray after = api.inbox(key).getJsonArray("items");
    assertThat(after.getJsonObject(1).getLong("seq")).isGreaterThan(pending.getLong("seq"));
    assertThat(api.inbox(key).getLong("pending")).isEqualTo(2);
    // the admin's task.updated delivery, from keeper's move before the restart, is pending too
    assertThat(api.get("/api/v1/stats", ADMIN).json().getJsonObject("deliveries").getLong("pending")).isEqualTo(3);
  }

  @Test
  void theAuditLogSurvivesARestart(Vertx vertx) {
    relay = TestRelay.start(vertx, dir);
    relay.api().register("audited", 3);
    int before = relay.api().get("/api/v1/audit?limit=200", ADMIN).array("entries").size();

    relay.restart();

    JsonArray entries = relay.api().get("/api/v1/audit?limit=200", ADMIN).array("entries");
    assertThat(entries.size()).isEqualTo(before);
    assertThat(entries.stream().map(e -> ((JsonObject) e).getString("event"))).contains("agent.registered");
  }
}
