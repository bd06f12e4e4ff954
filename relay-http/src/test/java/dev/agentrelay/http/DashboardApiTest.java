package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the dashboard reads besides the rest of the API: {@code GET /deliveries/stream}, {@code GET /stats/agents}
 * and {@code GET /whoami}.
 */
@ExtendWith(VertxExtension.class)
class DashboardApiTest {

  private static final String ADMIN = TestRelay.ADMIN_KEY;
  private static final String STREAM = "/api/v1/deliveries/stream";
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path dir;
  Vertx vertx;
  TestRelay relay;
  Api api;
  final List<SseClient> opened = new ArrayList<>();
  final List<WebhookReceiver> receivers = new ArrayList<>();

  @AfterEach
  void stop() {
    opened.forEach(SseClient::close);
    if (relay != null) {
      relay.stop();
    }
    receivers.forEach(WebhookReceiver::close);
  }

  private void start(Vertx vertx, Map<String, String> env) {
    this.vertx = vertx;
    relay = TestRelay.start(vertx, dir, env);
    api = relay.api();
  }

  // ---- GET /deliveries/stream ----

  @Test
  void everyDeliveryOfTheRelayIsStreamedToTier1AsItsReceipt(Vertx vertx) {
    start(vertx, Map.of());
    String alice = api.register("alice", 2);
    String bob = api.register("bob", 2);
    SseClient sse = open(STREAM, ADMIN);
    assertThat(sse.status()).isEqualTo(200);
    assertThat(sse.header("Content-Type")).startsWith("text/event-stream");
    awaitListening(sse);

    Api.Reply message = api.post("/api/v1/messages", alice, new JsonObject().put("to_agent", "bob").put("content", "hi"));
    String taskId = api.createTask(bob, "alice", "a task");
    List<SseClient.Event> events = sse.awaitEvents(2, WAIT);

    assertThat(events).extracting(SseClient.Event::event).containsOnly("delivery");
    assertThat(events).extracting(e -> e.json().getString("to_agent")).containsExactly("bob", "alice");
    assertThat(events.get(1).json().getString("task_id")).isEqualTo(taskId);
    assertThat(events.get(1).json().getString("event")).isEqualTo("task.created");
    JsonObject first = events.get(0).json();
    String deliveryId = message.json().getJsonArray("deliveries").getJsonObject(0).getString("delivery_id");
    assertThat(first.getString("delivery_id")).isEqualTo(deliveryId);
    assertThat(events.get(0).seq()).isEqualTo(first.getLong("seq"));
    assertThat(first.getString("state")).isEqualTo("queued");
    JsonObject receipt = api.get("/api/v1/deliveries/" + deliveryId, ADMIN).json();
    for (String field : List.of("delivery_id", "seq", "event", "from_agent", "to_agent", "task_id", "created_at")) {
      assertThat(first.getValue(field)).as(field).isEqualTo(receipt.getValue(field));
    }
  }

  @Test
  void aDeliveryWithTermsIsStreamedAsItEntersTheInboxWithItsDeliverAtAndExpiresAt(Vertx vertx) {
    start(vertx, Map.of());
    String alice = api.register("alice", 2);
    api.register("bob", 2);
    SseClient sse = open(STREAM, ADMIN);
    awaitListening(sse);

    String expiring = deliveryId(api.post("/api/v1/messages", alice, new JsonObject().put("to_agent", "bob")
        .put("content", "soon gone").put("ttl_seconds", 600)));
    String scheduled = deliveryId(api.post("/api/v1/messages", alice, new JsonObject().put("to_agent", "bob")
        .put("content", "later").put("deliver_at", Instant.now().plusSeconds(1).toString()).put("ttl_seconds", 600)));
    List<SseClient.Event> events = sse.awaitEvents(2, WAIT);

    assertThat(events).extracting(e -> e.json().getString("delivery_id")).containsExactly(expiring, scheduled);
    for (JsonObject streamed : List.of(events.get(0).json(), events.get(1).json())) {
      JsonObject receipt = api.get("/api/v1/deliveries/" + streamed.getString("delivery_id"), ADMIN).json();
      for (String field : List.of("deliver_at", "expires_at")) {
        assertThat(streamed.getValue(field)).as(field).isEqualTo(receipt.getValue(field));
      }
    }
    assertThat(events.get(0).json().getString("deliver_at")).isNull();
    assertThat(events.get(1).json().getString("deliver_at")).isNotNull();
    assertThat(events.get(1).json().getString("expires_at")).isNotNull();
  }

  private static String deliveryId(Api.Reply sent) {
    assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
    return sent.json().getJsonArray("deliveries").getJsonObject(0).getString("delivery_id");
  }

  @Test
  void theDeliveriesStreamIsForTier1Only(Vertx vertx) {
    start(vertx, Map.of());
    String worker = api.register("worker", 2);

    Api.Reply refused = api.get(STREAM, worker);

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().getString("code")).isEqualTo("forbidden");
    assertThat(api.get(STREAM, null).status()).isEqualTo(401);
  }

  @Test
  void theDeliveriesStreamEndsWhenItsKeyIsRotated(Vertx vertx) {
    start(vertx, Map.of());
    SseClient sse = open(STREAM, ADMIN);
    awaitListening(sse);

    assertThat(api.post("/api/v1/agents/admin/keys", ADMIN, new JsonObject()).status()).isEqualTo(200);

    assertThat(sse.awaitBody()).startsWith("retry: ");
  }

  // ---- GET /stats/agents ----

  @Test
  void agentFiguresGiveEachInboxDepth(Vertx vertx) {
    start(vertx, Map.of());
    String alice = api.register("alice", 2);
    String bob = api.register("bob", 2);
    api.post("/api/v1/messages", alice, new JsonObject().put("to_agent", "bob").put("content", "one"));
    api.post("/api/v1/messages", alice, new JsonObject().put("to_agent", "bob").put("content", "two"));
    long firstSeq = api.inbox(bob).getJsonArray("items").getJsonObject(0).getLong("seq");
    api.post("/api/v1/inbox/ack", bob, new JsonObject().put("up_to_seq", firstSeq));

    Api.Reply reply = api.get("/api/v1/stats/agents", ADMIN);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(figures(reply, "bob").getLong("pending")).isEqualTo(1);
    assertThat(figures(reply, "alice").getLong("pending")).isZero();
    assertThat(figures(reply, "bob").containsKey("webhook")).isTrue();
    assertThat(figures(reply, "bob").getValue("webhook")).isNull();
    assertThat(reply.array("agents")).extracting(a -> ((JsonObject) a).getString("agent_id"))
        .containsExactly("admin", "alice", "bob");
    assertThat(api.get("/api/v1/stats/agents", alice).status()).isEqualTo(403);
  }

  @Test
  void agentFiguresShowAFailingWebhook(Vertx vertx) {
    start(vertx, Map.of("RELAY_WEBHOOK_RETRY_SCHEDULE", "1h"));
    WebhookReceiver receiver = receiver(vertx).answerByDefault(500);
    registerWebhookAgent("hooked", receiver.url());

    api.post("/api/v1/messages", ADMIN, new JsonObject().put("to_agent", "hooked").put("content", "knock"));
    receiver.next(WAIT);

    JsonObject webhook = awaitFigures("hooked", f -> f.getJsonObject("webhook").getString("last_outcome") != null)
        .getJsonObject("webhook");
    assertThat(webhook.getBoolean("active")).isTrue();
    assertThat(webhook.getString("last_outcome")).isEqualTo("retry");
    assertThat(webhook.getString("last_result")).isEqualTo("HTTP 500");
    assertThat(webhook.getInteger("failures")).isEqualTo(1);
    assertThat(webhook.getString("last_attempt_at")).isNotNull();
    assertThat(webhook.getValue("disabled_at")).isNull();
  }

  @Test
  void agentFiguresShowAWebhookDisabledByGone(Vertx vertx) {
    start(vertx, Map.of("RELAY_WEBHOOK_RETRY_SCHEDULE", "1h"));
    WebhookReceiver receiver = receiver(vertx).answerByDefault(410);
    registerWebhookAgent("gone", receiver.url());

    api.post("/api/v1/messages", ADMIN, new JsonObject().put("to_agent", "gone").put("content", "anyone?"));
    receiver.next(WAIT);

    JsonObject figures = awaitFigures("gone",
        f -> f.getJsonObject("webhook") != null && f.getJsonObject("webhook").getString("disabled_at") != null);
    assertThat(figures.getJsonObject("webhook").getBoolean("active")).isFalse();
    assertThat(figures.getLong("pending")).isEqualTo(1);
  }

  // ---- GET /whoami ----

  @Test
  void whoamiAnswersTheKeysOwnAgent(Vertx vertx) {
    start(vertx, Map.of());
    String worker = api.register("worker", 3);

    JsonObject me = api.get("/api/v1/whoami", worker).json();

    assertThat(me.getString("agent_id")).isEqualTo("worker");
    assertThat(me.getInteger("trust_tier")).isEqualTo(3);
    assertThat(api.get("/api/v1/whoami", ADMIN).json().getString("agent_id")).isEqualTo("admin");
    assertThat(api.get("/api/v1/whoami", "not-a-key").status()).isEqualTo(401);
  }

  // ---- helpers ----

  private SseClient open(String path, String key) {
    SseClient sse = SseClient.open(vertx, relay.port(), path, key);
    opened.add(sse);
    return sse;
  }

  /** The stream writes its retry line once it listens: deliveries committed after it are all streamed. */
  private static void awaitListening(SseClient sse) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (sse.retries().isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the stream never sent its retry line: " + sse.lines());
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  private WebhookReceiver receiver(Vertx vertx) {
    WebhookReceiver receiver = WebhookReceiver.start(vertx);
    receivers.add(receiver);
    return receiver;
  }

  private void registerWebhookAgent(String agentId, String url) {
    Api.Reply reply = api.post("/api/v1/agents", ADMIN, new JsonObject().put("agent_id", agentId).put("trust_tier", 2)
        .put("contact", new JsonObject().put("method", "webhook").put("webhook_url", url)));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
  }

  private static JsonObject figures(Api.Reply reply, String agentId) {
    JsonArray agents = reply.array("agents");
    return agents.stream().map(JsonObject.class::cast).filter(a -> a.getString("agent_id").equals(agentId))
        .findFirst().orElseThrow(() -> new AssertionError("no figures for " + agentId + " in " + reply));
  }

  /** The audit entry of an attempt is written once the answer is in, after the receiver has seen the request. */
  private JsonObject awaitFigures(String agentId, Predicate<JsonObject> until) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      JsonObject figures = figures(api.get("/api/v1/stats/agents", ADMIN), agentId);
      if (until.test(figures)) {
        return figures;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("figures of " + agentId + " never matched: " + figures);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }
}
