package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrelay.core.model.Times;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delivery terms of a send on the real store: notify items for delivered, acked and expired, and the
 * problems a bad deliver_at, expires_at, ttl_seconds or notify gets on every kind of send (nothing is made).
 */
@ExtendWith(VertxExtension.class)
class DeliveryTermsTest {

  private static final long DAY_MILLIS = 86_400_000L;

  @TempDir
  Path dir;
  TestRelay relay;
  Api api;
  String sender;
  String worker;

  @BeforeEach
  void start(Vertx vertx) {
    relay = TestRelay.start(vertx, dir);
    api = relay.api();
    sender = api.register("sender", 2);
    worker = api.register("worker", 2);
  }

  @AfterEach
  void stop() {
    relay.stop();
  }

  @Test
  void theSenderHearsWhenItsDeliveryIsFirstHandedOverAndWhenItIsAcknowledged() {
    Api.Reply sent = api.post("/api/v1/messages", sender, new JsonObject().put("to_agent", "worker")
        .put("content", "hi").put("notify", new JsonArray().add("delivered").add("acked")));
    String deliveryId = sent.array("deliveries").getJsonObject(0).getString("delivery_id");
    assertThat(api.inbox(sender).getJsonArray("items")).isEmpty();

    api.inbox(worker);
    JsonObject delivered = awaitItem(sender, 0);
    assertThat(delivered.getString("event")).isEqualTo("delivery.delivered");
    assertThat(delivered.getString("from_agent")).isEqualTo("worker");
    JsonObject receipt = delivered.getJsonObject("receipt");
    assertThat(receipt.getString("delivery_id")).isEqualTo(deliveryId);
    assertThat(receipt.getString("state")).isEqualTo("delivered");
    assertThat(receipt.getString("delivered_via")).isEqualTo("poll");

    api.post("/api/v1/inbox/ack", worker, new JsonObject().put("delivery_ids", new JsonArray().add(deliveryId)));
    JsonObject acked = awaitItem(sender, delivered.getLong("seq"));
    assertThat(acked.getString("event")).isEqualTo("delivery.acked");
    assertThat(acked.getJsonObject("receipt").getString("state")).isEqualTo("acked");
    assertThat(acked.getJsonObject("receipt").getString("acked_at")).isNotNull();
  }

  @Test
  void anAckUpToASeqAcknowledgesTheInboxUpToItAndNoticesThoseThatAskedInSeqOrder() {
    JsonArray acked = new JsonArray().add("acked");
    String first = sendTo("worker", new JsonObject().put("content", "1").put("notify", acked));
    String quiet = sendTo("worker", new JsonObject().put("content", "2"));
    String third = sendTo("worker", new JsonObject().put("content", "3").put("notify", acked));
    String later = sendTo("worker", new JsonObject().put("content", "4").put("notify", acked));
    String scheduled = sendTo("worker", new JsonObject().put("content", "5").put("notify", acked)
        .put("deliver_at", Times.format(System.currentTimeMillis() + DAY_MILLIS)));
    JsonArray inbox = api.inbox(worker).getJsonArray("items");
    assertThat(inbox).hasSize(4);
    long thirdSeq = inbox.getJsonObject(2).getLong("seq");

    Api.Reply ack = api.post("/api/v1/inbox/ack", worker, new JsonObject().put("up_to_seq", thirdSeq));

    assertThat(ack.json().getInteger("acknowledged")).isEqualTo(3);
    JsonObject firstNotice = awaitItem(sender, 0);
    JsonObject secondNotice = awaitItem(sender, firstNotice.getLong("seq"));
    assertThat(List.of(firstNotice, secondNotice)).extracting(notice -> notice.getString("event") + " "
        + notice.getJsonObject("receipt").getString("delivery_id"))
        .containsExactly("delivery.acked " + first, "delivery.acked " + third);
    assertThat(api.get("/api/v1/deliveries/" + quiet, sender).json().getString("state")).isEqualTo("acked");
    assertThat(api.get("/api/v1/deliveries/" + later, sender).json().getString("state")).isIn("queued", "delivered");
    assertThat(api.get("/api/v1/deliveries/" + scheduled, sender).json().getString("state")).isEqualTo("scheduled");
    assertThat(api.inbox(worker).getJsonArray("items")).extracting(item -> ((JsonObject) item).getString("delivery_id"))
        .containsExactly(later);
    assertThat(api.inbox(sender).getJsonArray("items")).as("no notice for the one that asked for none").hasSize(2);
  }

  @Test
  void anAckByIdsAcknowledgesEachPendingDeliveryOfTheCallerOnceAndNoticesThoseThatAsked() {
    JsonArray acked = new JsonArray().add("acked");
    String already = sendTo("worker", new JsonObject().put("content", "0").put("notify", acked));
    api.inbox(worker);
    api.post("/api/v1/inbox/ack", worker, new JsonObject().put("delivery_ids", new JsonArray().add(already)));
    String first = sendTo("worker", new JsonObject().put("content", "1").put("notify", acked));
    String quiet = sendTo("worker", new JsonObject().put("content", "2"));
    String scheduled = sendTo("worker", new JsonObject().put("content", "3").put("notify", acked)
        .put("deliver_at", Times.format(System.currentTimeMillis() + DAY_MILLIS)));
    Api.Reply theirs = api.post("/api/v1/messages", worker, new JsonObject().put("to_agent", "sender")
        .put("content", "not the worker's to ack"));
    String senders = theirs.array("deliveries").getJsonObject(0).getString("delivery_id");

    Api.Reply ack = api.post("/api/v1/inbox/ack", worker, new JsonObject().put("delivery_ids", new JsonArray()
        .add(first).add(first).add(quiet).add(already).add(senders).add(scheduled).add("del_0000000000001nothing")));

    assertThat(ack.json().getInteger("acknowledged")).as(ack.toString()).isEqualTo(2);
    assertThat(api.get("/api/v1/deliveries/" + first, sender).json().getString("state")).isEqualTo("acked");
    assertThat(api.get("/api/v1/deliveries/" + quiet, sender).json().getString("state")).isEqualTo("acked");
    assertThat(api.get("/api/v1/deliveries/" + scheduled, sender).json().getString("state")).isEqualTo("scheduled");
    assertThat(api.get("/api/v1/deliveries/" + senders, worker).json().getString("state")).isIn("queued", "delivered");
    List<String> notices = api.inbox(sender).getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(item -> item.getString("event").equals("delivery.acked"))
        .map(item -> item.getJsonObject("receipt").getString("delivery_id")).toList();
    assertThat(notices).as("one notice each, none for the one that asked for none")
        .containsExactly(already, first);
  }

  private String sendTo(String recipient, JsonObject message) {
    Api.Reply sent = api.post("/api/v1/messages", sender, message.put("to_agent", recipient));
    assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
    return sent.array("deliveries").getJsonObject(0).getString("delivery_id");
  }

  @Test
  void aSendWithoutNotifyMakesNoNotices() {
    Api.Reply sent = api.post("/api/v1/messages", sender, new JsonObject().put("to_agent", "worker")
        .put("content", "hi"));
    String deliveryId = sent.array("deliveries").getJsonObject(0).getString("delivery_id");
    api.inbox(worker);
    api.post("/api/v1/inbox/ack", worker, new JsonObject().put("delivery_ids", new JsonArray().add(deliveryId)));
    // a send with notify after it: its notice is the first item the sender gets, so none came before it
    api.post("/api/v1/messages", sender, new JsonObject().put("to_agent", "worker").put("content", "again")
        .put("notify", new JsonArray().add("delivered")));
    api.inbox(worker);
    JsonObject first = awaitItem(sender, 0);
    assertThat(first.getJsonObject("receipt").getString("delivery_id")).isNotEqualTo(deliveryId);
  }

  @Test
  void badTermsAreRefusedWithAProblemAndMakeNothing() {
    long now = System.currentTimeMillis();
    List<Object[]> cases = List.of(
        new Object[] {new JsonObject().put("ttl_seconds", 0), 422, "ttl_seconds"},
        new Object[] {new JsonObject().put("ttl_seconds", 30L * 86_400 + 1), 422, "ttl_seconds"},
        new Object[] {new JsonObject().put("ttl_seconds", "60"), 400, "ttl_seconds"},
        new Object[] {new JsonObject().put("ttl_seconds", 60).put("expires_at", Times.format(now + DAY_MILLIS)),
            422, "not both"},
        new Object[] {new JsonObject().put("expires_at", Times.format(now - 1000)), 422, "expires_at"},
        new Object[] {new JsonObject().put("expires_at", "tomorrow"), 422, "expires_at"},
        new Object[] {new JsonObject().put("expires_at", 12), 400, "expires_at"},
        new Object[] {new JsonObject().put("deliver_at", Times.format(now + 31 * DAY_MILLIS)), 422, "deliver_at"},
        new Object[] {new JsonObject().put("deliver_at", Times.format(now + DAY_MILLIS))
            .put("expires_at", Times.format(now + 1000 * 60)), 422, "deliver_at"},
        new Object[] {new JsonObject().put("notify", new JsonArray().add("read")), 422, "notify"},
        new Object[] {new JsonObject().put("notify", "acked"), 400, "notify"});
    String taskId = api.createTask(sender, "worker", "a task");
    api.post("/api/v1/inbox/ack", worker, new JsonObject().put("up_to_seq", Long.MAX_VALUE / 2));
    for (Object[] each : cases) {
      JsonObject terms = (JsonObject) each[0];
      for (Api.Reply reply : sends(taskId, terms)) {
        assertThat(reply.status()).as(terms + " -> " + reply).isEqualTo(each[1]);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        JsonObject problem = reply.json();
        assertThat(problem.fieldNames()).contains("type", "title", "status", "detail", "code");
        assertThat(problem.getString("detail")).contains((String) each[2]).doesNotContain("Exception", "java.");
      }
    }
    assertThat(api.inbox(worker).getLong("pending")).isZero();
    assertThat(api.get("/api/v1/tasks/" + taskId, sender).json().getString("status")).isEqualTo("submitted");
    assertThat(api.get("/api/v1/tasks/" + taskId, sender).json().getJsonArray("messages")).isEmpty();
  }

  /** The same terms on each kind of send. */
  private List<Api.Reply> sends(String taskId, JsonObject terms) {
    return List.of(
        api.post("/api/v1/messages", sender, new JsonObject().put("to_agent", "worker").put("content", "x")
            .mergeIn(terms)),
        api.post("/api/v1/tasks", sender, new JsonObject().put("to_agent", "worker").put("title", "t")
            .mergeIn(terms)),
        api.post("/api/v1/tasks/" + taskId + "/artifacts", sender, new JsonObject().put("name", "a")
            .put("content", "x").mergeIn(terms)),
        api.post("/api/v1/messages", sender, new JsonObject().put("task_id", taskId).put("content", "x")
            .mergeIn(terms)),
        api.put("/api/v1/tasks/" + taskId, worker, new JsonObject().put("status", "accepted").mergeIn(terms)),
        api.post("/api/v1/broadcast", TestRelay.ADMIN_KEY, new JsonObject().put("content", "x").mergeIn(terms)));
  }

  private JsonObject awaitItem(String key, long after) {
    Api.Reply reply = api.get("/api/v1/inbox?wait=25&after=" + after, key);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(reply.array("items")).as("an item within the long-poll's wait").isNotEmpty();
    return reply.array("items").getJsonObject(0);
  }
}
