package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/v1/inbox/stream}: replay, live push, resume, limits and access. */
@ExtendWith(VertxExtension.class)
class SseStreamTest {

  private static final String ADMIN = TestRelay.ADMIN_KEY;
  private static final String STREAM = "/api/v1/inbox/stream";
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path dir;
  Vertx vertx;
  TestRelay relay;
  Api api;
  String reader;
  final List<SseClient> opened = new ArrayList<>();

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    relay = TestRelay.start(vertx, dir,
        Map.of("RELAY_SSE_KEEPALIVE_MS", "200", "RELAY_SSE_MAX_STREAMS_PER_AGENT", "2"));
    api = relay.api();
    reader = api.register("reader", 2);
  }

  @AfterEach
  void stop() {
    opened.forEach(SseClient::close);
    relay.stop();
  }

  @Test
  void liveItemIsPushedWithSeqAsIdEventNameAndInboxItemAsData() {
    SseClient sse = open(STREAM, reader, null);
    assertThat(sse.status()).isEqualTo(200);
    assertThat(sse.header("Content-Type")).startsWith("text/event-stream");

    send("reader", "live one");
    SseClient.Event event = sse.awaitEvent(WAIT);

    JsonObject item = inboxItems(reader).get(0);
    assertThat(event.event()).isEqualTo("message.new");
    assertThat(event.seq()).isEqualTo(item.getLong("seq"));
    assertThat(event.json()).isEqualTo(item);
    assertThat(event.json().getJsonObject("message").getJsonArray("parts").getJsonObject(0).getString("text"))
        .isEqualTo("live one");
  }

  @Test
  void firstLineIsRetryFollowedByABlankLine() {
    send("reader", "already there");
    SseClient sse = open(STREAM, reader, null);
    sse.awaitEvent(WAIT);

    List<String> lines = sse.lines();
    assertThat(lines.get(0)).matches("retry: \\d+");
    assertThat(lines.get(1)).isEmpty();
  }

  @Test
  void replaysUnackedItemsInSeqOrderThenPushesLiveOnes() {
    for (int i = 0; i < 5; i++) {
      send("reader", "old " + i);
    }
    List<JsonObject> before = inboxItems(reader);
    ack(reader, before.get(1).getLong("seq"));
    List<JsonObject> unacked = before.subList(2, 5);

    SseClient sse = open(STREAM, reader, null);
    List<SseClient.Event> replayed = sse.awaitEvents(3, WAIT);
    assertThat(replayed).extracting(SseClient.Event::seq).containsExactlyElementsOf(seqs(unacked));
    assertThat(replayed).extracting(SseClient.Event::json).containsExactlyElementsOf(unacked);

    send("reader", "new");
    SseClient.Event live = sse.awaitEvent(WAIT);
    assertThat(live.seq()).isGreaterThan(unacked.get(2).getLong("seq"));
    assertThat(live.json().getJsonObject("message").getJsonArray("parts").getJsonObject(0).getString("text"))
        .isEqualTo("new");
  }

  @Test
  void reconnectWithLastEventIdReplaysExactlyTheUnackedLaterItems() {
    for (int i = 0; i < 6; i++) {
      send("reader", "m" + i);
    }
    SseClient first = open(STREAM, reader, null);
    List<SseClient.Event> all = first.awaitEvents(6, WAIT);
    close(first);

    long seenUpTo = all.get(2).seq();
    ack(reader, seenUpTo);
    ackIds(reader, all.get(4).json().getString("delivery_id"));

    // Last-Event-ID wins over ?after=0
    SseClient second = open(STREAM + "?after=0", reader, String.valueOf(seenUpTo));
    List<SseClient.Event> resumed = second.awaitEvents(2, WAIT);
    assertThat(resumed).extracting(SseClient.Event::seq).containsExactly(all.get(3).seq(), all.get(5).seq());

    // nothing else (in particular no acked item) comes before the next live one
    send("reader", "marker");
    assertMarkerIsNext(second);
  }

  @Test
  void afterQueryParameterResumesAfterThatSeq() {
    for (int i = 0; i < 4; i++) {
      send("reader", "m" + i);
    }
    List<JsonObject> items = inboxItems(reader);
    SseClient sse = open(STREAM + "?after=" + items.get(1).getLong("seq"), reader, null);

    List<SseClient.Event> events = sse.awaitEvents(2, WAIT);
    assertThat(events).extracting(SseClient.Event::seq).containsExactlyElementsOf(seqs(items.subList(2, 4)));
    send("reader", "marker");
    assertMarkerIsNext(sse);
  }

  @Test
  void burstDuringReplayIsSeenExactlyOnceInSeqOrderWithoutGap() {
    String sender = api.register("sender", 2);
    List<Future<Api.Reply>> existing = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      existing.add(sendAsync(sender, "reader", "pre " + i));
    }
    assertAllCreated(existing);

    SseClient sse = open(STREAM, reader, null);
    List<Future<Api.Reply>> burst = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      burst.add(sendAsync(sender, "reader", "burst " + i));
    }
    assertAllCreated(burst);

    List<SseClient.Event> events = sse.awaitEvents(300, Duration.ofSeconds(20));
    List<JsonObject> inbox = inboxItems(reader);
    assertThat(inbox).hasSize(300);
    assertThat(events).extracting(SseClient.Event::seq).containsExactlyElementsOf(seqs(inbox));
    assertThat(events).extracting(SseClient.Event::json).containsExactlyElementsOf(inbox);
    send("reader", "marker");
    assertMarkerIsNext(sse);
  }

  @Test
  void keepAliveCommentArrivesOnAnIdleStream() {
    SseClient sse = open(STREAM, reader, null);
    assertThat(sse.awaitComment(Duration.ofSeconds(5))).isEqualTo(" keep-alive");
    assertThat(sse.awaitComment(Duration.ofSeconds(5))).isEqualTo(" keep-alive");
    assertThat(sse.drainEvents()).isEmpty();
  }

  @Test
  void clientDisconnectFreesTheSubscription() {
    SseClient one = open(STREAM, reader, null);
    SseClient two = open(STREAM, api.register("other", 2), null);
    awaitStat("sse_subscribers", n -> n == 2);

    close(one);
    awaitStat("sse_subscribers", n -> n == 1);
    close(two);
    awaitStat("sse_subscribers", n -> n == 0);
  }

  @Test
  void perAgentStreamLimitRefusesTheThirdUntilOneCloses() {
    SseClient one = open(STREAM, reader, null);
    SseClient two = open(STREAM, reader, null);
    assertThat(one.status()).isEqualTo(200);
    assertThat(two.status()).isEqualTo(200);

    SseClient third = open(STREAM, reader, null);
    assertThat(third.status()).isEqualTo(429);
    assertThat(third.header("Content-Type")).startsWith("application/problem+json");
    assertThat(third.header("Retry-After")).as("429 carries Retry-After").isNotNull();
    JsonObject problem = third.awaitJsonBody();
    assertThat(problem.getString("code")).isEqualTo("too_many_streams");
    assertThat(problem.getInteger("status")).isEqualTo(429);

    // another agent is not affected
    assertThat(open(STREAM, api.register("other", 2), null).status()).isEqualTo(200);

    close(one);
    awaitStat("sse_subscribers", n -> n == 2);
    SseClient again = open(STREAM, reader, null);
    assertThat(again.status()).isEqualTo(200);
    send("reader", "to both");
    assertThat(again.awaitEvent(WAIT).event()).isEqualTo("message.new");
    assertThat(two.awaitEvent(WAIT).event()).isEqualTo("message.new");
  }

  @Test
  void streamingDoesNotAcknowledge() {
    for (int i = 0; i < 3; i++) {
      send("reader", "m" + i);
    }
    SseClient sse = open(STREAM, reader, null);
    sse.awaitEvents(3, WAIT);
    send("reader", "live");
    sse.awaitEvent(WAIT);

    JsonObject inbox = api.inbox(reader);
    assertThat(inbox.getJsonArray("items")).hasSize(4);
    assertThat(inbox.getLong("pending")).isEqualTo(4);

    close(sse);
    SseClient again = open(STREAM, reader, null);
    assertThat(again.awaitEvents(4, WAIT)).extracting(SseClient.Event::seq)
        .containsExactlyElementsOf(seqs(inboxItems(reader)));
  }

  @Test
  void tier1MayStreamAnotherAgentsInbox() {
    send("reader", "for reader");
    SseClient sse = open(STREAM + "?agent_id=reader", ADMIN, null);
    assertThat(sse.status()).isEqualTo(200);
    assertThat(sse.awaitEvent(WAIT).json()).isEqualTo(inboxItems(reader).get(0));
  }

  @Test
  void tier2StreamingAnotherAgentsInboxIsForbidden() {
    api.register("victim", 2);
    SseClient sse = open(STREAM + "?agent_id=victim", reader, null);
    assertThat(sse.status()).isEqualTo(403);
    assertThat(sse.header("Content-Type")).startsWith("application/problem+json");
    assertThat(sse.awaitJsonBody().getInteger("status")).isEqualTo(403);
  }

  @Test
  void streamWithoutOrWithABadKeyIsUnauthorized() {
    SseClient none = open(STREAM, null, null);
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.header("Content-Type")).startsWith("application/problem+json");
    assertThat(none.awaitJsonBody().getInteger("status")).isEqualTo(401);

    assertThat(open(STREAM, "not-a-real-key-0123456789", null).status()).isEqualTo(401);
    awaitStat("sse_subscribers", n -> n == 0);
  }

  @Test
  void aStreamEndsWhenItsKeyIsRotatedWhileOneOpenedWithAnotherKeyGoesOn() {
    SseClient own = open(STREAM, reader, null);
    SseClient admins = open(STREAM + "?agent_id=reader", ADMIN, null);
    awaitStat("sse_subscribers", n -> n == 2);

    String newKey = api.post("/api/v1/agents/reader/keys", reader, null).json().getString("api_key");

    own.awaitBody();
    awaitStat("sse_subscribers", n -> n == 1);
    assertThat(open(STREAM, reader, null).status()).isEqualTo(401);
    SseClient renewed = open(STREAM, newKey, null);
    assertThat(renewed.status()).isEqualTo(200);
    send("reader", "after the rotation");
    assertThat(renewed.awaitEvent(WAIT).event()).isEqualTo("message.new");
    assertThat(admins.awaitEvent(WAIT).event()).isEqualTo("message.new");
  }

  @Test
  void aStreamEndsWhenItsAgentIsDeleted() {
    SseClient sse = open(STREAM, reader, null);
    awaitStat("sse_subscribers", n -> n == 1);

    assertThat(api.delete("/api/v1/agents/reader", ADMIN).status()).isEqualTo(204);

    sse.awaitBody();
    awaitStat("sse_subscribers", n -> n == 0);
  }

  @Test
  void malformedLastEventIdIsRefused() {
    SseClient sse = open(STREAM, reader, "abc");
    assertThat(sse.status()).isEqualTo(400);
    assertThat(sse.header("Content-Type")).startsWith("application/problem+json");
    // the refused request holds no slot: two streams still fit
    assertThat(open(STREAM, reader, null).status()).isEqualTo(200);
    assertThat(open(STREAM, reader, null).status()).isEqualTo(200);
  }

  // ---- helpers

  private SseClient open(String path, String key, String lastEventId) {
    SseClient sse = SseClient.open(vertx, relay.port(), path, key, lastEventId);
    opened.add(sse);
    return sse;
  }

  private void close(SseClient sse) {
    opened.remove(sse);
    sse.close();
  }

  private void send(String to, String content) {
    Api.Reply reply = api.post("/api/v1/messages", ADMIN, new JsonObject().put("to_agent", to).put("content", content));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
  }

  private Future<Api.Reply> sendAsync(String key, String to, String content) {
    return api.sendAsync(HttpMethod.POST, "/api/v1/messages", key,
        new JsonObject().put("to_agent", to).put("content", content), Map.of());
  }

  private static void assertAllCreated(List<Future<Api.Reply>> sends) {
    TestRelay.await(Future.all(sends));
    for (Future<Api.Reply> send : sends) {
      assertThat(send.result().status()).as(send.result().toString()).isEqualTo(201);
    }
  }

  /** The next event is the live message "marker", and it is the newest item in the inbox. */
  private void assertMarkerIsNext(SseClient sse) {
    SseClient.Event next = sse.awaitEvent(WAIT);
    assertThat(next.json().getJsonObject("message").getJsonArray("parts").getJsonObject(0).getString("text"))
        .as("the event after the expected ones").isEqualTo("marker");
    List<JsonObject> inbox = inboxItems(reader);
    assertThat(next.seq()).isEqualTo(inbox.get(inbox.size() - 1).getLong("seq"));
  }

  private void ack(String key, long upToSeq) {
    Api.Reply reply = api.post("/api/v1/inbox/ack", key, new JsonObject().put("up_to_seq", upToSeq));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
  }

  private void ackIds(String key, String... deliveryIds) {
    Api.Reply reply = api.post("/api/v1/inbox/ack", key,
        new JsonObject().put("delivery_ids", new JsonArray(List.of((Object[]) deliveryIds))));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
  }

  /** The whole unacked inbox, paged with after/limit. */
  private List<JsonObject> inboxItems(String key) {
    List<JsonObject> items = new ArrayList<>();
    long after = 0;
    while (true) {
      Api.Reply reply = api.get("/api/v1/inbox?limit=200&after=" + after, key);
      assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
      JsonArray page = reply.array("items");
      if (page.isEmpty()) {
        return items;
      }
      for (int i = 0; i < page.size(); i++) {
        items.add(page.getJsonObject(i));
      }
      after = reply.json().getLong("next_after");
    }
  }

  private static List<Long> seqs(List<JsonObject> items) {
    return items.stream().map(item -> item.getLong("seq")).toList();
  }

  /** Polls /stats until {@code field} satisfies {@code condition}, for at most 10 s. */
  private long awaitStat(String field, LongPredicate condition) {
    return awaitStat(api, field, condition);
  }

  static long awaitStat(Api api, String field, LongPredicate condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    long value;
    do {
      Api.Reply reply = api.get("/api/v1/stats", ADMIN);
      assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
      value = reply.json().getLong(field);
      if (condition.test(value)) {
        return value;
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // poll interval, not a wait for the result
    } while (System.nanoTime() < deadline);
    throw new AssertionError("/stats " + field + " stayed at " + value + " for 10 s");
  }
}
