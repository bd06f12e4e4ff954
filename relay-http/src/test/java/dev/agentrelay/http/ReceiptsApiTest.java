package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** GET /deliveries/{id} and GET /deliveries: who sees a receipt, the filters and pages, acks and restarts. */
@ExtendWith(RelayExtension.class)
class ReceiptsApiTest {

  private static final String ADMIN = TestRelay.ADMIN_KEY;

  TestRelay relay;
  Api api;
  String sender;
  String worker;
  String stranger;

  @BeforeEach
  void start(TestRelay relay) {
    this.relay = relay;
    api = relay.api();
    sender = api.register("sender", 2);
    worker = api.register("worker", 2);
    stranger = api.register("stranger", 2);
  }

  @Test
  void theSenderTheRecipientAndTier1SeeAReceiptAndNobodyElse() {
    JsonObject sent = sendTo("worker", "hello");
    String deliveryId = sent.getString("delivery_id");

    for (String key : List.of(sender, worker, ADMIN)) {
      Api.Reply reply = api.get("/api/v1/deliveries/" + deliveryId, key);
      assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
      JsonObject receipt = reply.json();
      assertThat(receipt.fieldNames()).containsExactlyInAnyOrder("delivery_id", "seq", "event", "from_agent",
          "to_agent", "task_id", "state", "created_at", "deliver_at", "expires_at", "first_delivered_at",
          "delivered_via", "acked_at");
      assertThat(receipt.getString("delivery_id")).isEqualTo(deliveryId);
      assertThat(receipt.getLong("seq")).isEqualTo(sent.getLong("seq"));
      assertThat(receipt.getString("event")).isEqualTo("message.new");
      assertThat(receipt.getString("from_agent")).isEqualTo("sender");
      assertThat(receipt.getString("to_agent")).isEqualTo("worker");
      assertThat(receipt.getString("task_id")).isNull();
      assertThat(receipt.getString("state")).isEqualTo("queued");
      assertThat(receipt.getString("created_at")).isNotNull();
      assertThat(receipt.getString("first_delivered_at")).isNull();
      assertThat(receipt.getString("delivered_via")).isNull();
      assertThat(receipt.getString("acked_at")).isNull();
    }

    Api.Reply hidden = api.get("/api/v1/deliveries/" + deliveryId, stranger);
    Api.Reply unknown = api.get("/api/v1/deliveries/del_0000000000000000000000zzzz", stranger);
    for (Api.Reply reply : List.of(hidden, unknown)) {
      assertThat(reply.status()).isEqualTo(404);
      assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
      assertThat(reply.json().getString("code")).isEqualTo("delivery_not_found");
    }
    assertThat(hidden.json().getString("detail")).doesNotContain("sender", "worker");
  }

  @Test
  void anAckedDeliveryShowsAckedAndReceiptsOutliveARestart() {
    JsonObject acked = sendTo("worker", "read me");
    JsonObject waiting = sendTo("worker", "later");
    assertThat(api.post("/api/v1/inbox/ack", worker,
        new JsonObject().put("delivery_ids", new JsonArray().add(acked.getString("delivery_id")))).status())
        .isEqualTo(200);

    JsonObject receipt = receipt(acked.getString("delivery_id"), sender);
    assertThat(receipt.getString("state")).isEqualTo("acked");
    assertThat(receipt.getString("acked_at")).isNotNull();

    relay.restart();
    api = relay.api();
    assertThat(receipt(acked.getString("delivery_id"), sender)).isEqualTo(receipt);
    assertThat(receipt(waiting.getString("delivery_id"), worker).getString("state")).isEqualTo("queued");
  }

  @Test
  void theListHoldsTheCallersSentDeliveriesNewestFirstWithFilters() {
    String taskId = api.post("/api/v1/tasks", sender, new JsonObject().put("to_agent", "stranger").put("title", "t"))
        .json().getString("task_id");
    JsonObject first = sendTo("worker", "1");
    JsonObject second = sendTo("worker", "2");
    JsonObject third = sendTo("worker", "3");
    api.post("/api/v1/messages", worker, new JsonObject().put("to_agent", "sender").put("content", "not sent by sender"));
    api.post("/api/v1/inbox/ack", worker,
        new JsonObject().put("delivery_ids", new JsonArray().add(second.getString("delivery_id"))));

    assertThat(ids(list("", sender))).hasSize(4).first().isEqualTo(third.getString("delivery_id"));
    assertThat(ids(list("?to=worker", sender))).containsExactly(third.getString("delivery_id"),
        second.getString("delivery_id"), first.getString("delivery_id"));
    JsonArray ofTask = list("?task_id=" + taskId, sender).getJsonArray("deliveries");
    assertThat(ofTask).hasSize(1);
    assertThat(ofTask.getJsonObject(0).getString("event")).isEqualTo("task.created");
    assertThat(ofTask.getJsonObject(0).getString("task_id")).isEqualTo(taskId);
    assertThat(ids(list("?state=acked", sender))).containsExactly(second.getString("delivery_id"));
    assertThat(ids(list("?state=queued&to=worker", sender))).containsExactly(third.getString("delivery_id"),
        first.getString("delivery_id"));
    assertThat(ids(list("?state=delivered", sender))).isEmpty();
    assertThat(ids(list("?state=expired", sender))).isEmpty();
    assertThat(ids(list("?since=2099-01-01T00:00:00Z", sender))).isEmpty();
    assertThat(ids(list("?since=2020-01-01T00:00:00Z", sender))).hasSize(4);
    assertThat(ids(list("", worker))).hasSize(1);
    assertThat(ids(list("", stranger))).isEmpty();
  }

  @Test
  void theListPagesWithACursorAndRefusesBadParameters() {
    for (int i = 0; i < 5; i++) {
      sendTo("worker", "m" + i);
    }
    JsonObject page1 = list("?limit=2", sender);
    JsonObject page2 = list("?limit=2&cursor=" + page1.getString("next_cursor"), sender);
    JsonObject page3 = list("?limit=2&cursor=" + page2.getString("next_cursor"), sender);
    assertThat(page1.getString("next_cursor")).isNotNull();
    assertThat(page3.containsKey("next_cursor")).isTrue();
    assertThat(page3.getString("next_cursor")).isNull();
    List<String> all = new ArrayList<>(ids(page1));
    all.addAll(ids(page2));
    all.addAll(ids(page3));
    assertThat(all).hasSize(5).doesNotHaveDuplicates().isEqualTo(ids(list("?limit=200", sender)));
    assertThat(ids(list("?limit=5", sender))).hasSize(5);
    assertThat(list("?limit=5", sender).getString("next_cursor")).isNull();

    for (String bad : List.of("?limit=201", "?limit=0", "?state=lost", "?cursor=nonsense", "?since=yesterday")) {
      Api.Reply refused = api.get("/api/v1/deliveries" + bad, sender);
      assertThat(refused.status()).as(bad).isEqualTo(400);
      assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
      assertThat(refused.body()).doesNotContain("Exception");
    }
  }

  private JsonObject sendTo(String agentId, String text) {
    Api.Reply sent = api.post("/api/v1/messages", sender, new JsonObject().put("to_agent", agentId).put("content", text));
    assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
    return sent.json().getJsonArray("deliveries").getJsonObject(0);
  }

  private JsonObject receipt(String deliveryId, String key) {
    Api.Reply reply = api.get("/api/v1/deliveries/" + deliveryId, key);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.json();
  }

  private JsonObject list(String query, String key) {
    Api.Reply reply = api.get("/api/v1/deliveries" + query, key);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.json();
  }

  private static List<String> ids(JsonObject page) {
    return page.getJsonArray("deliveries").stream().map(d -> ((JsonObject) d).getString("delivery_id")).toList();
  }
}
