package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrelay.core.model.Times;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Retention of expired deliveries: deleted like acknowledged ones after RELAY_RETENTION_ACKED; scheduled ones stay. */
@ExtendWith(VertxExtension.class)
class ExpiredRetentionTest {

  @TempDir
  Path dir;
  TestRelay relay;

  @AfterEach
  void stop() {
    relay.stop();
  }

  @Test
  void expiredDeliveriesGoAfterTheRetentionAndScheduledOnesStay(Vertx vertx) {
    relay = TestRelay.start(vertx, dir, Map.of("RELAY_RETENTION_ACKED", "1s", "RELAY_HOUSEKEEPING_MS", "200"));
    Api api = relay.api();
    String sender = api.register("sender", 2);
    api.register("worker", 2);
    String scheduled = send(api, sender, new JsonObject().put("deliver_at",
        Times.format(System.currentTimeMillis() + 3_600_000)));
    String expiring = send(api, sender, new JsonObject().put("ttl_seconds", 1)
        .put("notify", new JsonArray().add("expired")));
    Api.Reply notice = api.get("/api/v1/inbox?wait=25", sender);
    assertThat(notice.array("items")).isNotEmpty();
    // the newest delivery is always kept (the next seq after a restart comes from it): one more after the notice
    send(api, sender, new JsonObject());

    RetentionTest.awaitCondition(
        () -> StoreTables.number(relay.config(), "SELECT count(*) FROM deliveries WHERE expired = 1") == 0);

    assertThat(api.get("/api/v1/deliveries/" + expiring, sender).status()).isEqualTo(404);
    assertThat(api.get("/api/v1/deliveries/" + scheduled, sender).json().getString("state")).isEqualTo("scheduled");
  }

  @Test
  void aScheduledDeliveryGoesWithTheRecordOfItsMoveIntoTheInbox(Vertx vertx) {
    relay = TestRelay.start(vertx, dir, Map.of("RELAY_RETENTION_ACKED", "1s", "RELAY_HOUSEKEEPING_MS", "200"));
    Api api = relay.api();
    String sender = api.register("sender", 2);
    String worker = api.register("worker", 2);
    String scheduled = send(api, sender, new JsonObject().put("deliver_at",
        Times.format(System.currentTimeMillis() + 1_000)));
    JsonArray items = api.get("/api/v1/inbox?wait=25", worker).array("items");
    assertThat(items).hasSize(1);
    assertThat(StoreTables.number(relay.config(), "SELECT count(*) FROM moved_deliveries")).isEqualTo(1);
    Api.Reply ack = api.post("/api/v1/inbox/ack", worker,
        new JsonObject().put("up_to_seq", items.getJsonObject(0).getLong("seq")));
    assertThat(ack.status()).as(ack.toString()).isEqualTo(200);
    // the newest delivery is always kept (the next seq after a restart comes from it): one more after the ack
    send(api, sender, new JsonObject());

    RetentionTest.awaitCondition(() -> api.get("/api/v1/deliveries/" + scheduled, sender).status() == 404);

    assertThat(StoreTables.number(relay.config(), "SELECT count(*) FROM moved_deliveries")).isZero();
  }

  private static String send(Api api, String key, JsonObject terms) {
    Api.Reply reply = api.post("/api/v1/messages", key, new JsonObject().put("to_agent", "worker")
        .put("content", "hello").mergeIn(terms));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    return reply.array("deliveries").getJsonObject(0).getString("delivery_id");
  }
}
