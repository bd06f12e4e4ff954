package dev.agentrelay.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrelay.core.bus.AgentDirectory;
import dev.agentrelay.core.bus.AuditFilter;
import dev.agentrelay.core.bus.HandOvers;
import dev.agentrelay.core.bus.WriteCommand;
import dev.agentrelay.core.config.RelayConfig;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.AuditEntry;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log's per-agent and per-event lookups: filled behind the writes, yet an agent's or an event's
 * entries are always found, once each and in order, whatever part of them the lookups cover.
 */
class AuditIndexTest {

  @TempDir
  Path dir;
  Vertx vertx = Vertx.vertx();
  Database database;
  Writer writer;
  Pool reads;

  @AfterEach
  void close() throws Exception {
    if (reads != null) {
      reads.close().await(30, TimeUnit.SECONDS);
    }
    if (writer != null) {
      writer.close();
    }
    if (database != null) {
      database.close();
    }
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  void anAgentsEntriesAreFoundOnceEachInOrderWhereverTheLookupStops() throws Exception {
    open();
    List<Long> ann = new ArrayList<>();
    List<Long> cy = new ArrayList<>();
    List<Long> registered = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      switch (i % 5) {
        case 0 -> ann.add(record("ann", "message.sent", "message", "msg_" + i, "bob"));
        case 1 -> ann.add(record("bob", "message.sent", "message", "msg_" + i, "ann"));
        case 2 -> cy.add(record("bob", "message.sent", "message", "msg_" + i, "cy"));
        case 3 -> {
          ann.add(record("admin", "agent.registered", "agent", "ann", null));
          registered.add(ann.get(ann.size() - 1));
        }
        default -> ann.add(record("ann", "delivery.acked", "inbox", "ann", null));
      }
    }
    catchUp(1_000);

    for (long coveredUpTo = 0; coveredUpTo <= 30; coveredUpTo++) {
      long split = coveredUpTo;
      write(tx -> tx.update("UPDATE meta SET value = ? WHERE key = 'audit_lookups_up_to'", String.valueOf(split)));
      assertThat(ids(list("ann", null, 100))).as("covered up to %d", split).isEqualTo(ann);
      assertThat(pagedIds("ann", 4)).as("pages, covered up to %d", split).isEqualTo(ann);
      assertThat(ids(list("cy", null, 100))).as("cy, covered up to %d", split).isEqualTo(cy);
      assertThat(ids(listEvent("agent.registered", null, 100))).as("event, covered up to %d", split)
          .isEqualTo(registered);
      assertThat(ids(listEvent("agent.registered", registered.get(2), 1))).as("event page, covered up to %d", split)
          .containsExactly(registered.get(3));
      assertThat(ids(AuditStore.list(reads, new AuditFilter("cy", null, "message.sent", null, null, 100))
          .await(30, TimeUnit.SECONDS))).as("agent and event, covered up to %d", split).isEqualTo(cy);
    }
  }

  @Test
  void catchUpCoversAtMostTheEntriesItIsGivenAndStopsWhenCurrent() throws Exception {
    open();
    for (int i = 0; i < 25; i++) {
      record("ann", "message.sent", "message", "msg_" + i, "bob");
    }
    assertThat(catchUp(10)).isEqualTo(10L);
    assertThat(catchUp(10)).isEqualTo(10L);
    assertThat(catchUp(10)).isEqualTo(5L);
    assertThat(catchUp(10)).isZero();
    assertThat(count("SELECT count(*) AS n FROM audit_agents")).isEqualTo(50);
    assertThat(count("SELECT count(*) AS n FROM audit_events")).isEqualTo(25);
    assertThat(count("SELECT CAST(value AS INTEGER) AS n FROM meta WHERE key = 'audit_lookups_up_to'")).isEqualTo(25);
  }

  @Test
  void aFillIsDueEvery200MsOnceHundredsOfEntriesWaitAndEvery5sWhateverWaits() {
    Writer.AuditFill fill = Writer.AUDIT_FILL;
    long ms = 1_000_000;
    assertThat(fill.due(300 * ms, 300)).isTrue();
    assertThat(fill.due(300 * ms, 10)).as("a relay writing once a second pays no fill per send").isFalse();
    assertThat(fill.due(100 * ms, 5_000)).isFalse();
    assertThat(fill.due(5_000 * ms, 1)).isTrue();
  }

  @Test
  void theWriterKeepsTheLookupCurrentWhileItWrites() throws Exception {
    open(Writer.AuditFill.EVERY_BATCH);
    long last = record("ann", "message.sent", "message", "msg_1", "bob");
    assertThat(count("SELECT CAST(value AS INTEGER) AS n FROM meta WHERE key = 'audit_lookups_up_to'")).isEqualTo(last);
    assertThat(count("SELECT count(*) AS n FROM audit_agents WHERE entry_id = " + last)).isEqualTo(2);
  }

  @Test
  void aDatabaseFromBeforeTheLookupIsUpgradedAndItsEntriesStillFound() throws Exception {
    OlderSchema.create(dir.resolve("relay.db"), 1,
        "INSERT INTO audit (at, actor, event, subject_type, subject_id, detail, peer)"
            + " VALUES (1, 'ann', 'message.sent', 'message', 'msg_1', '{}', 'bob'),"
            + " (2, 'cy', 'message.sent', 'message', 'msg_2', '{}', 'ann')");

    open();

    assertThat(count("SELECT max(version) AS n FROM schema_version")).isEqualTo(Schema.MIGRATIONS.size());
    assertThat(ids(list("ann", null, 100))).containsExactly(1L, 2L);
    assertThat(catchUp(1_000)).isEqualTo(2L);
    assertThat(ids(list("ann", null, 100))).containsExactly(1L, 2L);
    assertThat(ids(list("bob", null, 100))).containsExactly(1L);
    assertThat(ids(listEvent("message.sent", null, 100))).containsExactly(1L, 2L);
  }

  @Test
  void theEventLookupOfAnUpgradedDatabaseCoversWhatTheAgentLookupCovered() throws Exception {
    OlderSchema.create(dir.resolve("relay.db"), 3,
        "INSERT INTO audit (at, actor, event, subject_type, subject_id, detail, peer)"
            + " VALUES (1, 'ann', 'message.sent', 'message', 'msg_1', '{}', 'bob'),"
            + " (2, 'admin', 'agent.registered', 'agent', 'cy', '{}', NULL),"
            + " (3, 'cy', 'message.sent', 'message', 'msg_2', '{}', 'ann')",
        "UPDATE meta SET value = '2' WHERE key = 'audit_agents_up_to'");

    open();

    assertThat(count("SELECT count(*) AS n FROM audit_events")).isEqualTo(2);
    assertThat(count("SELECT CAST(value AS INTEGER) AS n FROM meta WHERE key = 'audit_lookups_up_to'")).isEqualTo(2);
    assertThat(ids(listEvent("message.sent", null, 100))).containsExactly(1L, 3L);
    assertThat(ids(listEvent("agent.registered", null, 100))).containsExactly(2L);
    assertThat(catchUp(1_000)).isEqualTo(1L);
    assertThat(ids(listEvent("message.sent", null, 100))).containsExactly(1L, 3L);
  }

  private void open() throws Exception {
    open(Writer.AuditFill.NEVER);
  }

  private void open(Writer.AuditFill auditFill) throws Exception {
    RelayConfig config = RelayConfig.from(Map.of("RELAY_DATA_DIR", dir.toString()));
    database = Database.open(config);
    Connection connection = database.writerConnection();
    writer = new Writer(database, connection, new AgentDirectory(), new PendingDeliveries(), new StoreTotals(), new HandOvers(),
        auditFill);
    reads = database.readPool(vertx);
  }

  private long record(String actor, String event, String subjectType, String subjectId, String peer) throws Exception {
    return write(tx -> {
      AuditStore.record(tx, actor, event, subjectType, subjectId, null, Json.object(), peer);
      return tx.one("SELECT max(entry_id) AS n FROM audit", c -> c.number("n")).orElseThrow();
    });
  }

  private long catchUp(long maxEntries) {
    Long covered = write(tx -> AuditIndex.catchUp(tx, maxEntries));
    return covered;
  }

  @SuppressWarnings("unchecked")
  private <R> R write(WriteCommand<R> command) {
    Writer.Outcome outcome = writer.run(List.of(command));
    Object result = outcome.results().get(0);
    if (result instanceof RuntimeException failure) {
      throw failure;
    }
    return (R) result;
  }

  private AuditStore.Page list(String agent, Long after, int limit) throws Exception {
    return AuditStore.list(reads, new AuditFilter(agent, null, null, null, after, limit))
        .await(30, TimeUnit.SECONDS);
  }

  private AuditStore.Page listEvent(String event, Long after, int limit) throws Exception {
    return AuditStore.list(reads, new AuditFilter(null, null, event, null, after, limit))
        .await(30, TimeUnit.SECONDS);
  }

  private List<Long> pagedIds(String agent, int pageSize) throws Exception {
    List<Long> all = new ArrayList<>();
    Long after = null;
    do {
      AuditStore.Page page = list(agent, after, pageSize);
      all.addAll(ids(page));
      after = page.nextAfterEntry();
    } while (after != null);
    return all;
  }

  private static List<Long> ids(AuditStore.Page page) {
    return page.entries().stream().map(AuditEntry::entryId).toList();
  }

  private long count(String sql) throws Exception {
    return Reads.count(reads, sql).await(30, TimeUnit.SECONDS);
  }
}
