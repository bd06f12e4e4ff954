package dev.agentrelay.http;

import dev.agentrelay.core.config.RelayConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Retention on a real relay: what housekeeping deletes, what it keeps, the space it gives back, and /stats. */
@ExtendWith(VertxExtension.class)
class RetentionTest {

  private static final String ADMIN = TestRelay.ADMIN_KEY;
  private static final String FILLER = "x".repeat(2000);

  @TempDir
  Path dir;
  TestRelay relay;

  @AfterEach
  void stop() {
    if (relay != null) {
      relay.stop();
    }
  }

  @SqliteOnly
  @Test
  void acknowledgedDeliveriesAndTheirDirectMessagesGoAfterTheRetentionAndTheSpaceComesBack(Vertx vertx) {
    relay = TestRelay.start(vertx, dir, Map.of("RELAY_RETENTION_ACKED", "1s", "RELAY_HOUSEKEEPING_MS", "200"));
    Api api = relay.api();
    String sender = api.register("sender", 2);
    String reader = api.register("reader", 2);
    String taskId = api.createTask(sender, "reader", "a kept thread");
    assertThat(api.post("/api/v1/messages", sender, new JsonObject().put("task_id", taskId).put("content", "kept"))
        .status()).isEqualTo(201);
    assertThat(api.post("/api/v1/broadcast", ADMIN, new JsonObject().put("content", "kept too")).status())
        .isEqualTo(201);
    int sent = 300;
    for (int i = 0; i < sent; i++) {
      Api.Reply reply = api.post("/api/v1/messages", sender,
          new JsonObject().put("to_agent", "reader").put("content", i + " " + FILLER));
      assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    }
    Path file = relay.config().database();
    long pagesFull = SqliteFile.number(file, "PRAGMA page_count");
    assertThat(SqliteFile.number(file, "PRAGMA auto_vacuum")).isEqualTo(2);

    // the reader acknowledges everything but the last 20 direct messages
    JsonArray items = new JsonArray();
    long after = 0;
    while (true) {
      JsonArray page = api.get("/api/v1/inbox?limit=200&after=" + after, reader).array("items");
      if (page.isEmpty()) {
        break;
      }
      items.addAll(page);
      after = page.getJsonObject(page.size() - 1).getLong("seq");
    }
    long ackUpTo = items.getJsonObject(items.size() - 21).getLong("seq");
    assertThat(api.post("/api/v1/inbox/ack", reader, new JsonObject().put("up_to_seq", ackUpTo)).status())
        .isEqualTo(200);
    long acked = items.size() - 20;

    awaitCondition(() -> SqliteFile.number(file, "SELECT count(*) FROM deliveries WHERE acked_at IS NOT NULL") == 0);

    JsonObject inbox = api.inbox(reader);
    assertThat(inbox.getLong("pending")).isEqualTo(20);
    assertThat(inbox.getJsonArray("items").getJsonObject(0).getJsonObject("message").encode()).contains("280 xxx");
    JsonObject task = api.get("/api/v1/tasks/" + taskId, reader).json();
    assertThat(task.getJsonArray("messages")).hasSize(1);
    assertThat(SqliteFile.number(file, "SELECT count(*) FROM messages")).isEqualTo(2);
    // the audit log is kept (RELAY_RETENTION_AUDIT defaults to 0) and still answers
    assertThat(api.get("/api/v1/audit?agent=reader&limit=200", ADMIN).array("entries")).hasSize(200);
    // the freed pages go back to the file system
    awaitCondition(() -> SqliteFile.number(file, "PRAGMA freelist_count") < 50);
    assertThat(SqliteFile.number(file, "PRAGMA page_count")).isLessThan(pagesFull / 2);

    JsonObject stats = api.get("/api/v1/stats", ADMIN).json();
    assertThat(stats.getJsonObject("deliveries").getLong("acked")).isZero();
    assertThat(stats.getLong("messages")).isEqualTo(22);
    assertThat(acked).isGreaterThan(280);
    assertThatStatsMatchTheTables(api, relay.config());
    // inbox, ack and audit still work after the deletions
    assertThat(api.post("/api/v1/inbox/ack", reader, new JsonObject().put("up_to_seq", Long.MAX_VALUE / 2))
        .json().getLong("acknowledged")).isEqualTo(20);
  }

  @SqliteOnly
  @Test
  void aSmallFileMadeWithoutIncrementalVacuumIsConvertedAtStart(Vertx vertx) throws Exception {
    relay = TestRelay.start(vertx, dir);
    relay.api().register("kept", 2);
    Path file = relay.config().database();
    relay.stop();
    try (java.sql.Connection connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
        java.sql.Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA auto_vacuum = NONE");
      statement.execute("VACUUM");
    }
    assertThat(SqliteFile.number(file, "PRAGMA auto_vacuum")).isZero();

    relay = TestRelay.start(vertx, dir);

    assertThat(SqliteFile.number(file, "PRAGMA auto_vacuum")).isEqualTo(2);
    assertThat(relay.api().get("/api/v1/agents/kept", ADMIN).status()).isEqualTo(200);
  }

  @Test
  void theNewestDeliveryIsKeptSoThatSeqsNeverRepeatAfterARestart(Vertx vertx) {
    relay = TestRelay.start(vertx, dir, Map.of("RELAY_RETENTION_ACKED", "1s", "RELAY_HOUSEKEEPING_MS", "200"));
    Api api = relay.api();
    String reader = api.register("reader", 2);
    api.createTask(ADMIN, "reader", "one");
    api.createTask(ADMIN, "reader", "two");
    JsonArray items = api.inbox(reader).getJsonArray("items");
    long lastSeq = items.getJsonObject(1).getLong("seq");
    api.post("/api/v1/inbox/ack", reader, new JsonObject().put("up_to_seq", lastSeq));
    awaitCondition(() -> StoreTables.number(relay.config(), "SELECT count(*) FROM deliveries") == 1);

    relay.restart();
    api = relay.api();
    api.createTask(ADMIN, "reader", "three");

    assertThat(api.inbox(reader).getJsonArray("items").getJsonObject(0).getLong("seq")).isGreaterThan(lastSeq);
  }

  @Test
  void auditEntriesGoOnlyWhenTheirRetentionIsSetAndTheLookupsFollow(Vertx vertx) throws Exception {
    relay = TestRelay.start(vertx, dir, Map.of("RELAY_RETENTION_ACKED", "0", "RELAY_RETENTION_AUDIT", "3s",
        "RELAY_HOUSEKEEPING_MS", "200"));
    Api api = relay.api();
    String reader = api.register("old-reader", 2);
    for (int i = 0; i < 30; i++) {
      api.createTask(ADMIN, "old-reader", "old " + i);
    }
    api.post("/api/v1/inbox/ack", reader, new JsonObject().put("up_to_seq", Long.MAX_VALUE / 2));
    // wait until the lookups cover the old entries, so their deletion is seen there too
    awaitCondition(() -> StoreTables.number(relay.config(), "SELECT count(*) FROM audit_agents WHERE agent_id = 'old-reader'")
        > 0);
    // the newest entry always stays (entry IDs must not repeat): a newer one lets old-reader's last go
    api.register("new-reader", 2);
    awaitCondition(() -> api.get("/api/v1/audit?agent=old-reader&limit=200", ADMIN).array("entries").isEmpty());
    api.createTask(ADMIN, "new-reader", "new");

    assertThat(api.get("/api/v1/audit?agent=new-reader", ADMIN).array("entries")).isNotEmpty();
    assertThat(api.get("/api/v1/audit?event=task.created", ADMIN).array("entries")).hasSize(1);
    assertThat(StoreTables.number(relay.config(), "SELECT count(*) FROM audit_agents WHERE entry_id NOT IN"
        + " (SELECT entry_id FROM audit)")).isZero();
    assertThat(StoreTables.number(relay.config(), "SELECT count(*) FROM audit_events WHERE entry_id NOT IN"
        + " (SELECT entry_id FROM audit)")).isZero();
    // RELAY_RETENTION_ACKED=0 keeps acknowledged deliveries forever
    assertThat(StoreTables.number(relay.config(), "SELECT count(*) FROM deliveries WHERE acked_at IS NOT NULL")).isEqualTo(30);
  }

  @Test
  void statsCountsStayRightAcrossSendsAcksTaskMovesRetentionAndARestart(Vertx vertx) {
    relay = TestRelay.start(vertx, dir, Map.of("RELAY_RETENTION_ACKED", "1s", "RELAY_HOUSEKEEPING_MS", "200"));
    Api api = relay.api();
    String worker = api.register("worker", 2);
    String first = api.createTask(ADMIN, "worker", "first");
    api.createTask(ADMIN, "worker", "second");
    api.put("/api/v1/tasks/" + first, worker, new JsonObject().put("status", "working").put("message", "on it"));
    for (int i = 0; i < 5; i++) {
      api.post("/api/v1/messages", ADMIN, new JsonObject().put("to_agent", "worker").put("content", "m" + i));
    }
    api.post("/api/v1/broadcast", ADMIN, new JsonObject().put("content", "all"));
    assertThatStatsMatchTheTables(api, relay.config());
    JsonObject before = api.get("/api/v1/stats", ADMIN).json();
    assertThat(before.getJsonObject("tasks").getMap()).containsEntry("working", 1).containsEntry("submitted", 1);

    JsonArray items = api.inbox(worker).getJsonArray("items");
    api.post("/api/v1/inbox/ack", worker, new JsonObject().put("up_to_seq", items.getJsonObject(4).getLong("seq")));
    assertThatStatsMatchTheTables(api, relay.config());
    assertThat(api.get("/api/v1/stats", ADMIN).json().getJsonObject("deliveries").getLong("acked")).isEqualTo(5);

    awaitCondition(() -> StoreTables.number(relay.config(), "SELECT count(*) FROM deliveries WHERE acked_at IS NOT NULL") == 0);
    assertThatStatsMatchTheTables(api, relay.config());
    JsonObject afterRetention = api.get("/api/v1/stats", ADMIN).json();

    relay.restart();
    api = relay.api();
    JsonObject afterRestart = api.get("/api/v1/stats", ADMIN).json();
    assertThat(afterRestart.getLong("messages")).isEqualTo(afterRetention.getLong("messages"));
    assertThat(afterRestart.getJsonObject("deliveries")).isEqualTo(afterRetention.getJsonObject("deliveries"));
    assertThat(afterRestart.getJsonObject("tasks")).isEqualTo(afterRetention.getJsonObject("tasks"));
    assertThatStatsMatchTheTables(api, relay.config());
  }

  private static void assertThatStatsMatchTheTables(Api api, RelayConfig config) {
    JsonObject stats = api.get("/api/v1/stats", ADMIN).json();
    StoreTables.Counts scanned = StoreTables.scan(config);
    Map<String, Long> tasks = new TreeMap<>();
    stats.getJsonObject("tasks").forEach(e -> tasks.put(e.getKey(), ((Number) e.getValue()).longValue()));
    assertThat(stats.getLong("messages")).as("messages").isEqualTo(scanned.messages());
    assertThat(stats.getJsonObject("deliveries").getLong("acked")).as("acked").isEqualTo(scanned.acked());
    assertThat(tasks).as("tasks").isEqualTo(scanned.tasks());
  }

  /** Waits up to 30 s for {@code condition}, looking every 50 ms. */
  static void awaitCondition(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the condition did not hold within 30 s");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
