package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrelay.http.api.OperationsHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class OperationsApiTest {

  private static final String ADMIN = TestRelay.ADMIN_KEY;

  @TempDir
  Path dir;
  TestRelay relay;

  @AfterEach
  void stop() {
    relay.stop();
  }

  @Test
  void healthNeedsNoKeyAndReportsTheStore(Vertx vertx) {
    relay = TestRelay.start(vertx, dir);
    Api api = relay.api();
    api.register("pending-holder", 2);
    api.createTask(ADMIN, "pending-holder", "t");

    Api.Reply health = api.get("/api/v1/health", null);
    assertThat(health.status()).isEqualTo(200);
    JsonObject body = health.json();
    assertThat(body.getString("status")).isEqualTo("ok");
    assertThat(body.getString("version")).isNotBlank();
    assertThat(body.getLong("uptime_seconds")).isNotNegative();
    assertThat(body.getInteger("agents")).isEqualTo(2);
    assertThat(body.getLong("pending_deliveries")).isEqualTo(1);
  }

  @SqliteOnly
  @Test
  void healthNamesTheNodeAndOnANodeAloneShowsNoCluster(Vertx vertx) {
    relay = TestRelay.start(vertx, dir, Map.of("RELAY_NODE_ID", "relay-east-1"));

    JsonObject body = relay.api().get("/api/v1/health", null).json();
    assertThat(body.getString("node")).isEqualTo("relay-east-1");
    assertThat(body.containsKey("cluster")).isFalse();
  }

  @Test
  @SqliteOnly
  void aLockedDatabaseMakesHealthDegradedAndWritesAnswer503WithoutChangingAnything(Vertx vertx) throws Exception {
    relay = TestRelay.start(vertx, dir, Map.of("RELAY_SQLITE_BUSY_TIMEOUT_MS", "100"));
    Api api = relay.api();
    api.register("target", 2);

    try (Connection locker = DriverManager.getConnection("jdbc:sqlite:" + relay.config().database());
        Statement statement = locker.createStatement()) {
      statement.execute("BEGIN EXCLUSIVE");

      Api.Reply health = api.get("/api/v1/health", null);
      assertThat(health.status()).isEqualTo(503);
      assertThat(health.json().getString("status")).isEqualTo("degraded");
      assertThat(health.json().getString("detail")).isEqualTo(OperationsHandler.DEGRADED_DETAIL);
      assertThat(health.header("Retry-After")).isNotNull();

      Api.Reply write = api.post("/api/v1/tasks", ADMIN, new JsonObject().put("to_agent", "target").put("title", "x"));
      assertThat(write.status()).isEqualTo(503);
      assertThat(write.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(write.header("Retry-After")).isNotNull();
      assertThat(write.body()).doesNotContainIgnoringCase("locked").doesNotContain("SQLITE");
      statement.execute("ROLLBACK");
    }

    // the failed probe's outcome answers for up to a second; then the next probe finds the store writable
    assertThat(awaitHealth(api, 200).json().getString("status")).isEqualTo("ok");
    assertThat(api.get("/api/v1/tasks", ADMIN).array("tasks")).isEmpty();
    assertThat(api.post("/api/v1/tasks", ADMIN, new JsonObject().put("to_agent", "target").put("title", "x"))
        .status()).isEqualTo(201);
  }

  @Test
  void manyConcurrentHealthCallsShareAtMostOneProbeWriteASecond(Vertx vertx) {
    relay = TestRelay.start(vertx, dir);
    Api api = relay.api();
    long writesBefore = committedWrites(api);
    long started = System.nanoTime();

    List<Future<Api.Reply>> calls = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      calls.add(api.sendAsync(HttpMethod.GET, "/api/v1/health", null, null, Map.of()));
    }
    TestRelay.await(Future.all(calls));
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

    assertThat(calls).allSatisfy(call -> assertThat(call.result().status()).isEqualTo(200));
    // one probe a second at most, plus one for a housekeeping pass that may fall in the same time
    assertThat(committedWrites(api) - writesBefore).as("writes for 100 calls in about %d s", seconds)
        .isBetween(1L, seconds + 2);
  }

  @Test
  void statsAreForTier1Only(Vertx vertx) {
    relay = TestRelay.start(vertx, dir);
    Api api = relay.api();
    String scoped = api.register("scoped", 2);
    String sandboxed = api.register("sandboxed", 3);

    for (String key : List.of(scoped, sandboxed)) {
      Api.Reply reply = api.get("/api/v1/stats", key);
      assertThat(reply.status()).isEqualTo(403);
      assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(reply.body()).doesNotContain("\"agents\":{");
    }
    assertThat(api.get("/api/v1/stats", ADMIN).status()).isEqualTo(200);
  }

  @Test
  void statsCountAgentsTasksMessagesAndDeliveries(Vertx vertx) {
    relay = TestRelay.start(vertx, dir);
    Api api = relay.api();
    String worker = api.register("worker", 2);
    api.post("/api/v1/agents/worker/heartbeat", worker, new JsonObject().put("status", "online"));
    String taskId = api.createTask(ADMIN, "worker", "one");
    api.createTask(ADMIN, "worker", "two");
    api.put("/api/v1/tasks/" + taskId, worker, new JsonObject().put("status", "working"));
    api.post("/api/v1/messages", ADMIN, new JsonObject().put("to_agent", "worker").put("content", "hi"));
    api.post("/api/v1/inbox/ack", worker, new JsonObject().put("up_to_seq", 1));

    Api.Reply reply = api.get("/api/v1/stats", ADMIN);
    assertThat(reply.status()).isEqualTo(200);
    JsonObject stats = reply.json();
    assertThat(stats.getJsonObject("agents")).isEqualTo(new JsonObject().put("total", 2).put("online", 1));
    assertThat(stats.getJsonObject("tasks")).isEqualTo(new JsonObject().put("submitted", 1).put("working", 1));
    assertThat(stats.getLong("messages")).isEqualTo(1);
    assertThat(stats.getJsonObject("deliveries")).isEqualTo(new JsonObject().put("pending", 3).put("acked", 1));
    assertThat(stats.getJsonObject("webhooks").fieldNames())
        .containsExactlyInAnyOrder("attempts", "succeeded", "failed", "disabled");
    assertThat(stats.containsKey("sse_subscribers")).isTrue();
    assertThat(stats.containsKey("long_poll_waiters")).isTrue();
  }

  @Test
  void statsCountEachMessageOnceThoughADirectOneIsStoredOnlyInItsDelivery(Vertx vertx) throws Exception {
    relay = TestRelay.start(vertx, dir);
    Api api = relay.api();
    String worker = api.register("worker", 2);
    String taskId = api.createTask(ADMIN, "worker", "one");
    api.post("/api/v1/messages", ADMIN, new JsonObject().put("to_agent", "worker").put("content", "direct"));
    api.post("/api/v1/messages", worker, new JsonObject().put("task_id", taskId).put("content", "in the task"));
    api.post("/api/v1/broadcast", ADMIN, new JsonObject().put("content", "to all"));

    assertThat(api.get("/api/v1/stats", ADMIN).json().getLong("messages")).isEqualTo(3);
    assertThat(StoreTables.text(relay.config(), "SELECT count(*) FROM messages")).isEqualTo("2");
    assertThat(StoreTables.text(relay.config(), "SELECT to_agent FROM messages WHERE to_agent <> '*'"))
        .isEqualTo("admin");
  }

  @Test
  void auditRecordsEveryKindOfChangeForTier1Only(Vertx vertx) {
    relay = TestRelay.start(vertx, dir);
    Api api = relay.api();
    String worker = api.register("worker", 2);
    String taskId = api.createTask(ADMIN, "worker", "audited");
    api.put("/api/v1/tasks/" + taskId, worker, new JsonObject().put("status", "working"));
    api.post("/api/v1/messages", worker, new JsonObject().put("task_id", taskId).put("content", "progress"));
    api.post("/api/v1/tasks/" + taskId + "/artifacts", worker, new JsonObject().put("name", "out").put("content", "x"));
    api.post("/api/v1/inbox/ack", worker, new JsonObject().put("up_to_seq", 100));
    api.post("/api/v1/agents/worker/keys", worker, null);

    assertThat(api.get("/api/v1/audit", worker).status()).isEqualTo(401);
    Api.Reply reply = api.get("/api/v1/audit?limit=200", ADMIN);
    assertThat(reply.status()).isEqualTo(200);
    Set<String> events = new HashSet<>();
    reply.array("entries").forEach(e -> events.add(((JsonObject) e).getString("event")));
    assertThat(events).contains("agent.registered", "task.created", "task.updated", "message.sent",
        "artifact.attached", "delivery.acked", "agent.key_rotated");

    JsonObject entry = reply.array("entries").getJsonObject(0);
    assertThat(entry.fieldNames()).contains("entry_id", "at", "actor", "event", "subject_type", "subject_id",
        "task_id", "detail");
    JsonArray forTask = api.get("/api/v1/audit?task=" + taskId + "&event=task.updated", ADMIN).array("entries");
    assertThat(forTask).hasSize(1);
    JsonObject detail = forTask.getJsonObject(0).getJsonObject("detail");
    assertThat(detail.getString("from")).isEqualTo("submitted");
    assertThat(detail.getString("to")).isEqualTo("working");
    assertThat(detail.getJsonArray("deliveries").getJsonObject(0).getString("to_agent")).isEqualTo("admin");
  }

  @Test
  void auditIsTier1OnlyAndPagesWithACursor(Vertx vertx) {
    relay = TestRelay.start(vertx, dir);
    Api api = relay.api();
    String scoped = api.register("scoped", 2);
    for (int i = 0; i < 5; i++) {
      api.register("extra-" + i, 3);
    }
    assertThat(api.get("/api/v1/audit", scoped).status()).isEqualTo(403);

    Set<Long> seen = new HashSet<>();
    String cursor = null;
    int pages = 0;
    do {
      String path = "/api/v1/audit?event=agent.registered&limit=2" + (cursor == null ? "" : "&cursor=" + cursor);
      JsonObject page = api.get(path, ADMIN).json();
      page.getJsonArray("entries").forEach(e -> assertThat(seen.add(((JsonObject) e).getLong("entry_id"))).isTrue());
      cursor = page.getString("next_cursor");
      pages++;
    } while (cursor != null);
    assertThat(seen).hasSize(7);
    assertThat(pages).isEqualTo(4);
  }

  /** {@code relay_writes_committed_total} from {@code /metrics}, which loopback reads without a key. */
  static long committedWrites(Api api) {
    Api.Reply metrics = api.get("/metrics", null);
    assertThat(metrics.status()).isEqualTo(200);
    Matcher line = Pattern.compile("(?m)^relay_writes_committed_total\\S* ([0-9.eE+]+)$").matcher(metrics.body());
    assertThat(line.find()).as("relay_writes_committed_total in /metrics").isTrue();
    return (long) Double.parseDouble(line.group(1));
  }

  /** Polls {@code /health} until it answers {@code status}, for at most 10 s. */
  private static Api.Reply awaitHealth(Api api, int status) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Api.Reply reply = api.get("/api/v1/health", null);
    while (reply.status() != status && System.nanoTime() < deadline) {
      Thread.sleep(50);
      reply = api.get("/api/v1/health", null);
    }
    assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
    return reply;
  }
}
