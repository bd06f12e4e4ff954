package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpSyncClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The first hand-over of a delivery, as its receipt shows it, for each way an item reaches its recipient.
 * Hand-overs ride in the writer's next batch without the reader waiting; a write the test makes after the
 * hand-over (an ack of nothing) takes them, so once that write is answered the hand-over is on disk.
 */
@ExtendWith(RelayExtension.class)
class HandOverReceiptsTest {

  private static final String ADMIN = TestRelay.ADMIN_KEY;
  private static final Duration WAIT = Duration.ofSeconds(20);

  TestRelay relay;
  Api api;
  String worker;

  @BeforeEach
  void start(TestRelay relay) {
    this.relay = relay;
    api = relay.api();
    worker = api.register("worker", 2);
  }

  @Test
  void aPolledPageIsTheFirstHandOverAndLaterReadsChangeNothing(Vertx vertx) {
    String deliveryId = send("worker");
    assertThat(receipt(deliveryId).getString("state")).isEqualTo("queued");

    assertThat(api.get("/api/v1/inbox", worker).status()).isEqualTo(200);
    writtenSince(worker);
    JsonObject polled = receipt(deliveryId);
    assertThat(polled.getString("state")).isEqualTo("delivered");
    assertThat(polled.getString("delivered_via")).isEqualTo("poll");
    assertThat(polled.getString("first_delivered_at")).isNotNull();
    assertThat(polled.getString("acked_at")).isNull();

    try (SseClient sse = SseClient.open(vertx, relay.port(), "/api/v1/inbox/stream", worker)) {
      assertThat(sse.awaitEvent(WAIT).json().getString("delivery_id")).isEqualTo(deliveryId);
      writtenSince(worker);
    }
    api.get("/api/v1/inbox?wait=5", worker);
    writtenSince(worker);
    assertThat(receipt(deliveryId)).isEqualTo(polled);

    api.post("/api/v1/inbox/ack", worker, new JsonObject().put("up_to_seq", polled.getLong("seq")));
    JsonObject acked = receipt(deliveryId);
    assertThat(acked.getString("state")).isEqualTo("acked");
    assertThat(acked.getString("acked_at")).isNotNull();
    assertThat(acked.getString("first_delivered_at")).isEqualTo(polled.getString("first_delivered_at"));
    assertThat(acked.getString("delivered_via")).isEqualTo("poll");

    relay.restart();
    api = relay.api();
    assertThat(receipt(deliveryId)).isEqualTo(acked);
  }

  @Test
  void aLongPollAnswerIsAPollHandOverWhetherTheItemWaitedOrArrived() {
    String waiting = send("worker");
    api.get("/api/v1/inbox?wait=30", worker);
    writtenSince(worker);
    assertThat(receipt(waiting).getString("delivered_via")).isEqualTo("poll");
    api.post("/api/v1/inbox/ack", worker, new JsonObject().put("up_to_seq", receipt(waiting).getLong("seq")));

    Future<Api.Reply> longPoll = api.sendAsync(HttpMethod.GET, "/api/v1/inbox?wait=30", worker, null, Map.of());
    String arrived = send("worker");
    Api.Reply answer = TestRelay.await(longPoll);
    assertThat(answer.json().getJsonArray("items").getJsonObject(0).getString("delivery_id")).isEqualTo(arrived);
    writtenSince(worker);
    JsonObject receipt = receipt(arrived);
    assertThat(receipt.getString("state")).isEqualTo("delivered");
    assertThat(receipt.getString("delivered_via")).isEqualTo("poll");
  }

  @Test
  void anSseEventWrittenIsAnSseHandOver(Vertx vertx) {
    try (SseClient sse = SseClient.open(vertx, relay.port(), "/api/v1/inbox/stream", worker)) {
      String replayed = send("worker");
      assertThat(sse.awaitEvent(WAIT).json().getString("delivery_id")).isEqualTo(replayed);
      String live = send("worker");
      assertThat(sse.awaitEvent(WAIT).json().getString("delivery_id")).isEqualTo(live);
      writtenSince(worker);
      for (String deliveryId : new String[] {replayed, live}) {
        JsonObject receipt = receipt(deliveryId);
        assertThat(receipt.getString("state")).isEqualTo("delivered");
        assertThat(receipt.getString("delivered_via")).isEqualTo("sse");
      }
    }
    api.get("/api/v1/inbox", worker);
    writtenSince(worker);
    assertThat(api.get("/api/v1/deliveries?state=delivered", ADMIN).json().getJsonArray("deliveries").stream()
        .map(r -> ((JsonObject) r).getString("delivered_via")).toList()).containsOnly("sse");
  }

  @Test
  void aWebhookAnswered2xxIsAWebhookHandOver(Vertx vertx) {
    WebhookReceiver receiver = WebhookReceiver.start(vertx);
    Api.Reply registered = api.post("/api/v1/agents", ADMIN, new JsonObject().put("agent_id", "hooked")
        .put("trust_tier", 2).put("contact", new JsonObject().put("method", "webhook").put("webhook_url", receiver.url())));
    assertThat(registered.status()).isEqualTo(201);

    String deliveryId = send("hooked");
    assertThat(receiver.next(WAIT).header("webhook-id")).isEqualTo(deliveryId);
    JsonObject receipt = awaitAcked(deliveryId);
    assertThat(receipt.getString("delivered_via")).isEqualTo("webhook");
    assertThat(receipt.getString("first_delivered_at")).isEqualTo(receipt.getString("acked_at"));
  }

  @Test
  void anMcpToolResultOfTheRelaysOwnEndpointIsAnMcpHandOver() {
    McpSyncClient client = McpClients.http(relay.port(), worker);
    try {
      String deliveryId = send("worker");
      assertThat(McpClients.ok(client, "relay_inbox", Map.of()).get("items").toString()).contains(deliveryId);
      writtenSince(worker);
      JsonObject receipt = receipt(deliveryId);
      assertThat(receipt.getString("state")).isEqualTo("delivered");
      assertThat(receipt.getString("delivered_via")).isEqualTo("mcp");
    } finally {
      client.closeGracefully();
    }
  }

  @Test
  void aPassMadeUpByARestCallerStillCountsAsAPoll() {
    String deliveryId = send("worker");
    api.send(HttpMethod.GET, "/api/v1/inbox", worker, null, Map.of("X-Relay-Mcp-Pass", "made-up"));
    writtenSince(worker);
    assertThat(receipt(deliveryId).getString("delivered_via")).isEqualTo("poll");
  }

  @Test
  void aTier1LookIntoAnotherInboxHandsNothingOver() {
    String deliveryId = send("worker");
    assertThat(api.get("/api/v1/inbox?agent_id=worker", ADMIN).json().getJsonArray("items")).hasSize(1);
    api.get("/api/v1/inbox?agent_id=worker&wait=5", ADMIN);
    writtenSince(ADMIN);
    JsonObject receipt = receipt(deliveryId);
    assertThat(receipt.getString("state")).isEqualTo("queued");
    assertThat(receipt.getString("first_delivered_at")).isNull();
  }

  private String send(String to) {
    Api.Reply sent = api.post("/api/v1/messages", ADMIN, new JsonObject().put("to_agent", to).put("content", "hi"));
    assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
    return sent.json().getJsonArray("deliveries").getJsonObject(0).getString("delivery_id");
  }

  @Test
  void handOversCostNoCommitOfTheirOwnAndReachTheDiskWithoutAnotherWrite() {
    String deliveryId = send("worker");
    long started = System.nanoTime();
    double before = OperationsApiTest.committedWrites(api);
    for (int i = 0; i < 20; i++) {
      assertThat(api.get("/api/v1/inbox", worker).status()).isEqualTo(200);
    }
    double commits = OperationsApiTest.committedWrites(api) - before;
    long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
    // the store's clock may flush once a second, and housekeeping may run once
    assertThat(commits).as("commits during 20 inbox reads").isLessThanOrEqualTo(seconds + 3);

    long deadline = System.nanoTime() + WAIT.toNanos();
    JsonObject receipt = receipt(deliveryId);
    while (!"delivered".equals(receipt.getString("state"))) {
      assertThat(System.nanoTime()).as("recorded within " + WAIT + "; last seen " + receipt).isLessThan(deadline);
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
      receipt = receipt(deliveryId);
    }
    assertThat(receipt.getString("delivered_via")).isEqualTo("poll");
  }

  /** A write that acknowledges nothing: answered once every hand-over noted before it is committed. */
  private void writtenSince(String key) {
    assertThat(api.post("/api/v1/inbox/ack", key, new JsonObject().put("up_to_seq", 0)).status()).isEqualTo(200);
  }

  private JsonObject receipt(String deliveryId) {
    Api.Reply reply = api.get("/api/v1/deliveries/" + deliveryId, ADMIN);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.json();
  }

  /** The dispatcher records the attempt after the receiver answered: probed until it has. */
  private JsonObject awaitAcked(String deliveryId) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    JsonObject receipt = receipt(deliveryId);
    while (!"acked".equals(receipt.getString("state"))) {
      assertThat(System.nanoTime()).as("acked within " + WAIT + "; last seen " + receipt).isLessThan(deadline);
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
      receipt = receipt(deliveryId);
    }
    return receipt;
  }
}
