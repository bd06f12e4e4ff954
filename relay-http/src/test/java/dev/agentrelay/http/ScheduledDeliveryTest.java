package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrelay.core.model.Times;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * deliver_at and expires_at/ttl_seconds on the real store: a scheduled item is invisible until its time, then
 * enters the inbox under a fresh seq and is pushed over SSE and long-poll; an expired one is never shown or
 * acknowledged; both hold across a restart on the same file. Times are a few seconds ahead (an item that must
 * still be waiting when looked at is due long after the test), and every assertion awaits an event (a push, a
 * long-poll answer) with a generous timeout, never a fixed sleep.
 */
@ExtendWith(VertxExtension.class)
class ScheduledDeliveryTest {

  private static final Duration PUSH_TIMEOUT = Duration.ofSeconds(30);

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
  void aScheduledItemWaitsOutsideTheInboxThenIsPushedOverSseAndLongPollWithAFreshSeq(Vertx vertx) {
    long firstSeq = send(new JsonObject()).getLong("seq");
    api.post("/api/v1/inbox/ack", worker, new JsonObject().put("up_to_seq", firstSeq));
    // due long after the test, so that it is still waiting when looked at however slow the machine
    JsonObject distant = send(new JsonObject().put("deliver_at", inSeconds(600)));
    assertThat(distant.containsKey("seq")).isTrue();
    assertThat(distant.getValue("seq")).isNull();
    JsonObject receipt = receipt(distant.getString("delivery_id"));
    assertThat(receipt.getString("state")).isEqualTo("scheduled");
    assertThat(receipt.getValue("seq")).isNull();
    assertThat(receipt.getString("deliver_at")).isNotNull();
    JsonObject inbox = api.inbox(worker);
    assertThat(inbox.getLong("pending")).isZero();
    assertThat(inbox.getJsonArray("items")).isEmpty();

    // due in a few seconds: only the send after it must commit before then, to show the seq comes at release
    JsonObject later = send(new JsonObject().put("deliver_at", inSeconds(3)));
    assertThat(later.getValue("seq")).isNull();
    String deliveryId = later.getString("delivery_id");
    long afterScheduling = send(new JsonObject().put("content", "now")).getLong("seq");

    try (SseClient stream = SseClient.open(vertx, relay.port(), "/api/v1/inbox/stream?after=" + afterScheduling,
        worker)) {
      Future<Api.Reply> longPoll = api.sendAsync(HttpMethod.GET,
          "/api/v1/inbox?wait=25&after=" + afterScheduling, worker, null, Map.of());
      SseClient.Event pushed = stream.awaitEvent(PUSH_TIMEOUT);
      JsonObject item = new JsonObject(pushed.data());
      assertThat(item.getString("delivery_id")).isEqualTo(deliveryId);
      assertThat(pushed.seq()).isGreaterThan(afterScheduling).isEqualTo(item.getLong("seq"));
      Api.Reply polled = TestRelay.await(longPoll);
      assertThat(polled.status()).isEqualTo(200);
      assertThat(ids(polled.array("items"))).containsExactly(deliveryId);
    }
    assertThat(receipt(deliveryId).getLong("seq")).isGreaterThan(afterScheduling);
    assertThat(receipt(deliveryId).getString("state")).isIn("queued", "delivered");
    Api.Reply ack = api.post("/api/v1/inbox/ack", worker, new JsonObject().put("delivery_ids",
        new JsonArray().add(deliveryId)));
    assertThat(ack.json().getInteger("acknowledged")).isEqualTo(1);
    assertThat(receipt(deliveryId).getString("state")).isEqualTo("acked");
  }

  @Test
  void anExpiredItemIsNeverShownNorAcknowledgedAndItsSenderHearsOfIt() {
    JsonObject sent = send(new JsonObject().put("ttl_seconds", 3).put("notify", new JsonArray().add("expired")));
    String deliveryId = sent.getString("delivery_id");
    assertThat(ids(api.inbox(worker).getJsonArray("items"))).containsExactly(deliveryId);

    JsonObject notice = awaitItem(sender, 0);
    assertThat(notice.getString("event")).isEqualTo("delivery.expired");
    assertThat(notice.getString("from_agent")).isEqualTo("worker");
    assertThat(notice.getJsonObject("receipt").getString("delivery_id")).isEqualTo(deliveryId);
    assertThat(notice.getJsonObject("receipt").getString("state")).isEqualTo("expired");

    assertExpiredEverywhere(deliveryId);
  }

  @Test
  void scheduledAndExpiringItemsKeepTheirTimesAcrossARestart() {
    JsonObject scheduled = send(new JsonObject().put("deliver_at", inSeconds(3)));
    JsonObject expiring = send(new JsonObject().put("expires_at", inSeconds(2))
        .put("notify", new JsonArray().add("expired")));
    relay.restart();
    api = relay.api();

    JsonObject released = awaitItem(worker, expiring.getLong("seq"));
    assertThat(released.getString("delivery_id")).isEqualTo(scheduled.getString("delivery_id"));
    JsonObject notice = awaitItem(sender, 0);
    assertThat(notice.getString("event")).isEqualTo("delivery.expired");
    assertExpiredEverywhere(expiring.getString("delivery_id"));
  }

  @Test
  void itemsThatFellDueWhileTheRelayWasDownAreSettledAtStart() {
    JsonObject scheduled = send(new JsonObject().put("deliver_at", inSeconds(1)));
    JsonObject expiring = send(new JsonObject().put("ttl_seconds", 1));
    long expiresAt = Times.millis(receiptOf(expiring).getString("expires_at"));
    relay.restart(() -> awaitClockPast(expiresAt));
    api = relay.api();

    JsonObject inbox = api.inbox(worker);
    assertThat(ids(inbox.getJsonArray("items"))).containsExactly(scheduled.getString("delivery_id"));
    assertExpiredEverywhere(expiring.getString("delivery_id"));
    assertThat(api.get("/api/v1/deliveries?state=scheduled", sender).array("deliveries")).isEmpty();
  }

  @Test
  void receiptsFilterByTheScheduledAndExpiredStates() {
    String scheduled = send(new JsonObject().put("deliver_at", inSeconds(600))).getString("delivery_id");
    String expiring = send(new JsonObject().put("ttl_seconds", 1).put("notify", new JsonArray().add("expired")))
        .getString("delivery_id");
    awaitItem(sender, 0);

    assertThat(ids(api.get("/api/v1/deliveries?state=scheduled", sender).array("deliveries")))
        .containsExactly(scheduled);
    assertThat(ids(api.get("/api/v1/deliveries?state=expired", sender).array("deliveries")))
        .containsExactly(expiring);
    assertThat(api.get("/api/v1/deliveries?state=queued", sender).array("deliveries")).isEmpty();
  }

  private void assertExpiredEverywhere(String deliveryId) {
    JsonObject inbox = api.inbox(worker);
    assertThat(ids(inbox.getJsonArray("items"))).doesNotContain(deliveryId);
    Api.Reply ack = api.post("/api/v1/inbox/ack", worker, new JsonObject().put("delivery_ids",
        new JsonArray().add(deliveryId)));
    assertThat(ack.status()).isEqualTo(200);
    assertThat(ack.json().getInteger("acknowledged")).isZero();
    JsonObject receipt = receipt(deliveryId);
    assertThat(receipt.getString("state")).isEqualTo("expired");
    assertThat(receipt.getString("acked_at")).isNull();
    assertThat(receipt.getString("expires_at")).isNotNull();
  }

  /** A message from sender to worker with {@code terms}; answers its one entry of {@code deliveries}. */
  private JsonObject send(JsonObject terms) {
    JsonObject body = new JsonObject().put("to_agent", "worker").put("content", "hello").mergeIn(terms);
    Api.Reply reply = api.post("/api/v1/messages", sender, body);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    return reply.array("deliveries").getJsonObject(0);
  }

  private JsonObject receipt(String deliveryId) {
    Api.Reply reply = api.get("/api/v1/deliveries/" + deliveryId, sender);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.json();
  }

  private JsonObject receiptOf(JsonObject delivery) {
    return receipt(delivery.getString("delivery_id"));
  }

  /** The first item after {@code after} in the key's inbox, by long-poll. */
  private JsonObject awaitItem(String key, long after) {
    Api.Reply reply = api.get("/api/v1/inbox?wait=25&after=" + after, key);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(reply.array("items")).as("an item within the long-poll's wait").isNotEmpty();
    return reply.array("items").getJsonObject(0);
  }

  /** Waits, with the relay stopped, until the wall clock has passed {@code instantMillis}: there is no event for it. */
  private static void awaitClockPast(long instantMillis) {
    while (System.currentTimeMillis() <= instantMillis) {
      Thread.onSpinWait();
      Thread.yield();
    }
  }

  private static String inSeconds(int seconds) {
    return Times.format(System.currentTimeMillis() + seconds * 1000L);
  }

  private static java.util.List<String> ids(JsonArray items) {
    return items.stream().map(item -> ((JsonObject) item).getString("delivery_id")).toList();
  }
}
