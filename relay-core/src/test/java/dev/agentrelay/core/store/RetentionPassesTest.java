package dev.agentrelay.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrelay.core.RelayCounters;
import dev.agentrelay.core.bus.StoreClient;
import dev.agentrelay.core.config.RelayConfig;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Retention passes against a real SQLite file: each is bounded, resumes where the last stopped, keeps what it must. */
@ExtendWith(VertxExtension.class)
class RetentionPassesTest {

  private static final long HOUR = 60L * 60 * 1000;

  @TempDir
  Path dir;
  @RegisterExtension
  final StoreDeployments stores = new StoreDeployments();
  StoreClient store;

  @Test
  void deliveryPassesLookAtABoundedChunkEachAndKeepPendingNewAndTheNewestRows(Vertx vertx) throws Exception {
    start(vertx);
    long now = System.currentTimeMillis();
    int old = Retention.PASS_ROWS * 2 + 100;
    int pending = Retention.PASS_ROWS / 2 + 27;
    // old acked rows, one old pending row in their midst, then recent acked rows, the newest of all acked too
    write("WITH RECURSIVE n(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM n WHERE v < ?)"
        + " INSERT INTO deliveries (seq, delivery_id, agent_id, event, from_agent, task_id, item, created_at, acked_at)"
        + " SELECT v, 'del_' || v, 'a', 'message.new', 'b', NULL, '{}', ?, ? FROM n", old, now - 3 * HOUR,
        now - 2 * HOUR);
    write("UPDATE deliveries SET acked_at = NULL WHERE seq = ?", pending);
    write("INSERT INTO deliveries (seq, delivery_id, agent_id, event, from_agent, task_id, item, created_at, acked_at)"
        + " VALUES (?, 'recent', 'a', 'task.created', 'b', 't', '{}', ?, ?), (?, 'newest', 'a', 'message.new', 'b',"
        + " NULL, '{}', ?, ?)", old + 1, now - 60_000, now - 30_000, old + 2, now - 3 * HOUR, now - 2 * HOUR);
    long cutoff = now - HOUR;

    Retention.Pass first = store.write(Retention.deliveries(cutoff, 0)).await(30, TimeUnit.SECONDS);
    assertThat(first.deleted()).isEqualTo(Retention.PASS_ROWS - 1);
    assertThat(first.more()).isTrue();
    Retention.Pass second = store.write(Retention.deliveries(cutoff, first.nextAfter())).await(30, TimeUnit.SECONDS);
    assertThat(second.deleted()).isEqualTo(Retention.PASS_ROWS);
    Retention.Pass third = store.write(Retention.deliveries(cutoff, second.nextAfter())).await(30, TimeUnit.SECONDS);
    assertThat(third.deleted()).isEqualTo(100);
    assertThat(third.more()).isFalse();

    assertThat(value("SELECT group_concat(delivery_id) AS v FROM (SELECT delivery_id FROM deliveries ORDER BY seq)"))
        .isEqualTo("del_" + pending + ",recent,newest");
  }

  @Test
  void auditPassesDeleteTheOldestEntriesWithTheirLookupsAndKeepTheNewest(Vertx vertx) throws Exception {
    start(vertx);
    long now = System.currentTimeMillis();
    int old = Retention.PASS_ROWS + 10;
    write("WITH RECURSIVE n(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM n WHERE v < ?)"
        + " INSERT INTO audit (entry_id, at, actor, event, subject_type, subject_id, task_id, detail, peer)"
        + " SELECT v, ?, 'actor' || (v % 7), 'e' || (v % 3), 'agent', 'subject' || (v % 5), NULL, '{}', 'peer' FROM n",
        old, now - 3 * HOUR);
    write("INSERT INTO audit (entry_id, at, actor, event, subject_type, subject_id, detail) VALUES"
        + " (?, ?, 'fresh', 'e0', 'task', 't', '{}')", old + 1, now);
    store.write(tx -> AuditIndex.catchUp(tx, 100_000)).await(30, TimeUnit.SECONDS);
    long cutoff = now - HOUR;

    Retention.Pass first = store.write(Retention.audit(cutoff)).await(30, TimeUnit.SECONDS);
    assertThat(first.deleted()).isEqualTo(Retention.PASS_ROWS);
    assertThat(first.more()).isTrue();
    Retention.Pass second = store.write(Retention.audit(cutoff)).await(30, TimeUnit.SECONDS);
    assertThat(second.deleted()).isEqualTo(10);
    assertThat(store.write(Retention.audit(cutoff)).await(30, TimeUnit.SECONDS).deleted()).isZero();

    assertThat(value("SELECT group_concat(actor) AS v FROM audit")).isEqualTo("fresh");
    assertThat(value("SELECT count(*) AS v FROM audit_agents WHERE entry_id <= " + old)).isEqualTo("0");
    assertThat(value("SELECT count(*) AS v FROM audit_events WHERE entry_id <= " + old)).isEqualTo("0");
    assertThat(value("SELECT count(*) AS v FROM audit_events")).isEqualTo("1");
  }

  private void start(Vertx vertx) throws Exception {
    RelayConfig config = RelayConfig.from(Map.of("RELAY_DATA_DIR", dir.toString()));
    store = stores.deploy(vertx, config, new PendingDeliveries(), new RelayCounters()).client();
  }

  private void write(String sql, Object... params) throws Exception {
    store.write(tx -> tx.update(sql, params)).await(30, TimeUnit.SECONDS);
  }

  private String value(String sql) throws Exception {
    return store.write(tx -> tx.one(sql, c -> c.text("v"))).await(30, TimeUnit.SECONDS).orElse(null);
  }
}
