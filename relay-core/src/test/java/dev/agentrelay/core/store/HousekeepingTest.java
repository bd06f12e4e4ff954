package dev.agentrelay.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrelay.core.RelayCounters;
import dev.agentrelay.core.bus.StoreClient;
import dev.agentrelay.core.config.RelayConfig;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The store's housekeeping against a real SQLite file: what it deletes, what it keeps, and that it runs. */
@ExtendWith(VertxExtension.class)
class HousekeepingTest {

  private static final long DAY = 24L * 60 * 60 * 1000;

  @TempDir
  Path dir;
  @RegisterExtension
  final StoreDeployments stores = new StoreDeployments();
  StoreClient store;

  @Test
  void aPassDeletesExpiredIdempotencyRecordsAndSettledLegacyIdsOnly(Vertx vertx) throws Exception {
    start(vertx, "3600000");
    List<DeliveryStore.Delivered> delivered = QueuedMessages.deliver(store, "a", "s", 2);
    long pendingSeq = delivered.get(0).seq();
    long ackedSeq = delivered.get(1).seq();
    write("INSERT INTO legacy_delivery_ids (delivery_id, seq) VALUES ('del_old_pending', ?), ('del_old_acked', ?),"
        + " ('del_old_gone', 999)", pendingSeq, ackedSeq);
    write("UPDATE deliveries SET acked_at = 1 WHERE seq = ?", ackedSeq);
    long now = System.currentTimeMillis();
    write("INSERT INTO idempotency (agent_id, key, fingerprint, status, body, created_at) VALUES"
        + " ('a', 'expired', 'f', 201, '{}', ?), ('a', 'fresh', 'f', 201, '{}', ?)", now - DAY - 60_000, now - 60_000);

    Maintenance.Swept swept = store.write(Maintenance.sweep("")).await(30, TimeUnit.SECONDS);

    assertThat(swept).isEqualTo(new Maintenance.Swept(1, 2, null));
    assertThat(swept.more()).isFalse();
    assertThat(texts("SELECT delivery_id AS v FROM legacy_delivery_ids")).containsExactly("del_old_pending");
    assertThat(texts("SELECT key AS v FROM idempotency")).containsExactly("fresh");
    assertThat(store.write(tx -> DeliveryStore.ack(tx, "a", List.of("del_old_pending"))).await(30, TimeUnit.SECONDS))
        .isEqualTo(1);
  }

  @Test
  void legacyIdsAreLookedAtInBoundedChunksThatResumeAfterTheLastOne(Vertx vertx) throws Exception {
    start(vertx, "3600000");
    int rows = Maintenance.SWEEP_CHUNK + 5;
    write("WITH RECURSIVE n(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM n WHERE value < ?)"
        + " INSERT INTO legacy_delivery_ids (delivery_id, seq) SELECT printf('del_old_%06d', value), 1000000 + value"
        + " FROM n", rows);

    Maintenance.Swept first = store.write(Maintenance.sweep("")).await(30, TimeUnit.SECONDS);
    assertThat(first.settledLegacyIds()).isEqualTo(Maintenance.SWEEP_CHUNK);
    assertThat(first.legacyCursor()).isEqualTo(String.format("del_old_%06d", Maintenance.SWEEP_CHUNK));
    assertThat(first.more()).isTrue();

    Maintenance.Swept second = store.write(Maintenance.sweep(first.legacyCursor())).await(30, TimeUnit.SECONDS);
    assertThat(second).isEqualTo(new Maintenance.Swept(0, 5, null));
    assertThat(texts("SELECT count(*) AS v FROM legacy_delivery_ids")).containsExactly("0");
  }

  @Test
  void theStoreRunsItsHousekeepingByItself(Vertx vertx) throws Exception {
    start(vertx, "20");
    write("INSERT INTO idempotency (agent_id, key, fingerprint, status, body, created_at) VALUES"
        + " ('a', 'expired', 'f', 201, '{}', ?)", System.currentTimeMillis() - DAY - 60_000);

    Promise<Void> gone = Promise.promise();
    long poll = vertx.setPeriodic(20, tick -> store.write(tx -> tx.one("SELECT count(*) AS n FROM idempotency",
        c -> c.number("n")).orElseThrow()).onSuccess(n -> {
          if (n == 0) {
            gone.tryComplete();
          }
        }));
    try {
      gone.future().await(10, TimeUnit.SECONDS);
    } finally {
      vertx.cancelTimer(poll);
    }
  }

  private void start(Vertx vertx, String housekeepingMillis) throws Exception {
    RelayConfig config = RelayConfig.from(Map.of("RELAY_DATA_DIR", dir.toString(),
        "RELAY_HOUSEKEEPING_MS", housekeepingMillis));
    store = stores.deploy(vertx, config, new PendingDeliveries(), new RelayCounters()).client();
  }

  private void write(String sql, Object... params) throws Exception {
    store.write(tx -> tx.update(sql, params)).await(30, TimeUnit.SECONDS);
  }

  /** The column {@code v} of each row. */
  private List<String> texts(String sql) throws Exception {
    return store.write(tx -> tx.list(sql, c -> c.text("v"))).await(30, TimeUnit.SECONDS);
  }
}
