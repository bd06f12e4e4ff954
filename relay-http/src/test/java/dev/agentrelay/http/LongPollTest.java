package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code GET /api/v1/inbox?wait=N}: long-polling. */
@ExtendWith(RelayExtension.class)
class LongPollTest {

  private static final String ADMIN = TestRelay.ADMIN_KEY;

  TestRelay relay;
  Api api;
  String reader;
  String alice;
  String bob;

  @BeforeEach
  void start(TestRelay relay) {
    this.relay = relay;
    api = relay.api();
    reader = api.register("reader", 2);
    alice = api.register("alice", 2);
    bob = api.register("bob", 2);
  }

  @Test
  void answersAtOnceWhenItemsExist() {
    send(alice, "reader", "waiting already");
    long started = System.nanoTime();
    Api.Reply reply = api.get("/api/v1/inbox?wait=60", reader);

    assertThat(elapsed(started)).isLessThan(Duration.ofSeconds(10));
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.array("items")).hasSize(1);
    assertThat(text(reply.array("items").getJsonObject(0))).isEqualTo("waiting already");
    assertThat(reply.json().getLong("pending")).isEqualTo(1);
  }

  @Test
  void wakesOnASendFromAnotherAgent() {
    Future<Api.Reply> waiting = waitAsync("/api/v1/inbox?wait=20", reader);
    awaitStat("long_poll_waiters", n -> n == 1);
    assertThat(waiting.isComplete()).as("answered before anything was sent").isFalse();

    long sent = System.nanoTime();
    send(alice, "reader", "wake up");
    Api.Reply reply = TestRelay.await(waiting);

    assertThat(elapsed(sent)).isLessThan(Duration.ofSeconds(10));
    assertThat(reply.status()).isEqualTo(200);
    JsonArray items = reply.array("items");
    assertThat(items).hasSize(1);
    assertThat(items.getJsonObject(0).getString("from_agent")).isEqualTo("alice");
    assertThat(text(items.getJsonObject(0))).isEqualTo("wake up");
    assertThat(reply.json().getLong("next_after")).isEqualTo(items.getJsonObject(0).getLong("seq"));
    assertThat(reply.json().getLong("pending")).isEqualTo(1);
  }

  @Test
  void timesOutWithAnEmptyPageKeepingAfterAndPending() {
    send(alice, "reader", "old");
    long seq = api.inbox(reader).getJsonArray("items").getJsonObject(0).getLong("seq");

    long started = System.nanoTime();
    Api.Reply reply = api.get("/api/v1/inbox?wait=1&after=" + seq, reader);

    assertThat(elapsed(started)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(10));
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.array("items")).isEmpty();
    assertThat(reply.json().getLong("next_after")).isEqualTo(seq);
    assertThat(reply.json().getLong("pending")).isEqualTo(1);
    awaitStat("long_poll_waiters", n -> n == 0);
  }

  @Test
  void respectsAfterWhenWaiting() {
    send(alice, "reader", "before");
    long seq = api.inbox(reader).getJsonArray("items").getJsonObject(0).getLong("seq");

    Future<Api.Reply> waiting = waitAsync("/api/v1/inbox?wait=20&after=" + seq, reader);
    awaitStat("long_poll_waiters", n -> n == 1);
    send(alice, "reader", "after");
    Api.Reply reply = TestRelay.await(waiting);

    JsonArray items = reply.array("items");
    assertThat(items).hasSize(1);
    assertThat(text(items.getJsonObject(0))).isEqualTo("after");
    assertThat(items.getJsonObject(0).getLong("seq")).isGreaterThan(seq);
    assertThat(reply.json().getLong("pending")).isEqualTo(2);
  }

  @Test
  void aSendFromAnotherSenderDoesNotWakeAFromFilteredWait() {
    long started = System.nanoTime();
    Future<Api.Reply> waiting = waitAsync("/api/v1/inbox?wait=2&from=alice", reader);
    awaitStat("long_poll_waiters", n -> n == 1);
    send(bob, "reader", "not for this wait");
    Api.Reply reply = TestRelay.await(waiting);

    assertThat(elapsed(started)).as("answered before the wait ran out").isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.array("items")).isEmpty();
    assertThat(reply.json().getLong("pending")).isEqualTo(1);
  }

  @Test
  void fromFilteredWaitAnswersWithOnlyTheMatchingSendersItem() {
    Future<Api.Reply> waiting = waitAsync("/api/v1/inbox?wait=20&from=alice", reader);
    awaitStat("long_poll_waiters", n -> n == 1);
    send(bob, "reader", "from bob");
    send(alice, "reader", "from alice");
    Api.Reply reply = TestRelay.await(waiting);

    JsonArray items = reply.array("items");
    assertThat(items).as(reply.toString()).hasSize(1);
    assertThat(items.getJsonObject(0).getString("from_agent")).isEqualTo("alice");
    assertThat(text(items.getJsonObject(0))).isEqualTo("from alice");
    assertThat(reply.json().getLong("pending")).isEqualTo(2);
  }

  @Test
  void oneBroadcastWakesFiftyConcurrentWaiters() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      keys.add(api.register("waiter-" + i, 2));
    }
    List<Future<Api.Reply>> waiting = new ArrayList<>();
    for (String key : keys) {
      waiting.add(waitAsync("/api/v1/inbox?wait=20", key));
    }
    awaitStat("long_poll_waiters", n -> n == 50);
    assertThat(waiting).noneMatch(Future::isComplete);

    long sent = System.nanoTime();
    Api.Reply broadcast = api.post("/api/v1/broadcast", ADMIN, new JsonObject().put("content", "all hands"));
    assertThat(broadcast.status()).as(broadcast.toString()).isEqualTo(201);
    TestRelay.await(Future.all(waiting));

    assertThat(elapsed(sent)).isLessThan(Duration.ofSeconds(10));
    for (Future<Api.Reply> answer : waiting) {
      Api.Reply reply = answer.result();
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.array("items")).as(reply.toString()).hasSize(1);
      assertThat(reply.array("items").getJsonObject(0).getString("event")).isEqualTo("broadcast");
    }
    awaitStat("long_poll_waiters", n -> n == 0);
  }

  @Test
  void longPollWaitersStatRisesWhileWaitingAndReturnsToZero() {
    assertThat(awaitStat("long_poll_waiters", n -> true)).isZero();
    Future<Api.Reply> one = waitAsync("/api/v1/inbox?wait=20", reader);
    Future<Api.Reply> two = waitAsync("/api/v1/inbox?wait=20", alice);
    awaitStat("long_poll_waiters", n -> n == 2);

    send(bob, "reader", "one");
    TestRelay.await(one);
    awaitStat("long_poll_waiters", n -> n == 1);
    send(bob, "alice", "two");
    TestRelay.await(two);
    awaitStat("long_poll_waiters", n -> n == 0);
  }

  @Test
  void aWaitWhoseKeyIsRotatedOrWhoseAgentIsDeletedIsAnswered401AtOnce() {
    Future<Api.Reply> rotatedWait = waitAsync("/api/v1/inbox?wait=30", reader);
    Future<Api.Reply> deletedWait = waitAsync("/api/v1/inbox?wait=30", bob);
    Future<Api.Reply> otherWait = waitAsync("/api/v1/inbox?wait=30", alice);
    awaitStat("long_poll_waiters", n -> n == 3);

    long changed = System.nanoTime();
    assertThat(api.post("/api/v1/agents/reader/keys", reader, null).status()).isEqualTo(200);
    assertThat(api.delete("/api/v1/agents/bob", ADMIN).status()).isEqualTo(204);

    for (Api.Reply reply : List.of(TestRelay.await(rotatedWait), TestRelay.await(deletedWait))) {
      assertThat(reply.status()).isEqualTo(401);
      assertThat(reply.json().getString("code")).isEqualTo("invalid_key");
    }
    assertThat(elapsed(changed)).isLessThan(Duration.ofSeconds(10));
    awaitStat("long_poll_waiters", n -> n == 1);
    assertThat(otherWait.isComplete()).as("a wait on a key that still works goes on").isFalse();
    send(ADMIN, "alice", "still listening");
    assertThat(TestRelay.await(otherWait).array("items")).hasSize(1);
  }

  @Test
  void waitsOverTheAgentsCapAreRefused429AndTheSlotsComeBackWhenAnswered() {
    int cap = relay.config().longPollMaxPerAgent();
    List<Future<Api.Reply>> waiting = new ArrayList<>();
    for (int i = 0; i < cap; i++) {
      waiting.add(waitAsync("/api/v1/inbox?wait=30", reader));
    }
    awaitStat("long_poll_waiters", n -> n == cap);

    Api.Reply over = api.get("/api/v1/inbox?wait=30", reader);
    assertThat(over.status()).as(over.toString()).isEqualTo(429);
    assertThat(over.header("Content-Type")).startsWith("application/problem+json");
    assertThat(over.header("Retry-After")).isNotNull();
    assertThat(over.json().getString("code")).isEqualTo("too_many_long_polls");
    assertThat(api.get("/api/v1/inbox", reader).status()).as("a plain read is not capped").isEqualTo(200);
    Future<Api.Reply> other = waitAsync("/api/v1/inbox?wait=30", alice);
    awaitStat("long_poll_waiters", n -> n == cap + 1);

    send(bob, "reader", "wakes them all");
    TestRelay.await(Future.all(waiting));
    awaitStat("long_poll_waiters", n -> n == 1);
    long seen = waiting.get(0).result().json().getLong("next_after");
    send(bob, "reader", "for the next wait");
    assertThat(api.get("/api/v1/inbox?wait=30&after=" + seen, reader).array("items")).hasSize(1);
    send(bob, "alice", "done");
    assertThat(TestRelay.await(other).status()).isEqualTo(200);
  }

  @Test
  void waitOutsideZeroToSixtySecondsIsRefused() {
    for (String wait : List.of("61", "-1", "abc")) {
      Api.Reply reply = api.get("/api/v1/inbox?wait=" + wait, reader);
      assertThat(reply.status()).as("wait=" + wait + ": " + reply).isEqualTo(400);
      assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
      assertThat(reply.json().getInteger("status")).isEqualTo(400);
    }
    awaitStat("long_poll_waiters", n -> n == 0);
  }

  @Test
  void clientGoingAwayFreesTheWaiter(Vertx vertx) {
    HttpClientAgent client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
    try {
      RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
          .setPort(relay.port()).setURI("/api/v1/inbox?wait=30").putHeader("Authorization", "Bearer " + reader);
      HttpClientRequest request = TestRelay.await(client.request(options));
      Future<HttpClientResponse> response = request.send();
      awaitStat("long_poll_waiters", n -> n == 1);
      assertThat(response.isComplete()).isFalse();

      TestRelay.await(request.reset());
      awaitStat("long_poll_waiters", n -> n == 0);
    } finally {
      TestRelay.await(client.close());
    }
    // the agent still gets its messages, and a new wait works
    send(alice, "reader", "after the reset");
    Api.Reply reply = api.get("/api/v1/inbox?wait=5", reader);
    assertThat(reply.array("items")).hasSize(1);
  }

  // ---- helpers

  private Future<Api.Reply> waitAsync(String path, String key) {
    return api.sendAsync(HttpMethod.GET, path, key, null, Map.of());
  }

  private void send(String key, String to, String content) {
    Api.Reply reply = api.post("/api/v1/messages", key, new JsonObject().put("to_agent", to).put("content", content));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
  }

  private static String text(JsonObject item) {
    return item.getJsonObject("message").getJsonArray("parts").getJsonObject(0).getString("text");
  }

  private static Duration elapsed(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  private long awaitStat(String field, LongPredicate condition) {
    return SseStreamTest.awaitStat(api, field, condition);
  }
}
