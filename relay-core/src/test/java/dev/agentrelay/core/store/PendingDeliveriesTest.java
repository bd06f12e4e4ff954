package dev.agentrelay.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrelay.core.RelayCounters;
import dev.agentrelay.core.bus.StoreClient;
import dev.agentrelay.core.config.RelayConfig;
import dev.agentrelay.core.model.EventType;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Inboxes paged from the in-memory seqs, against a real SQLite file. */
@ExtendWith(VertxExtension.class)
class PendingDeliveriesTest {

  @TempDir
  Path dir;
  @RegisterExtension
  final StoreDeployments stores = new StoreDeployments();
  RelayConfig config;
  Vertx vertx;
  PendingDeliveries pending;
  StoreClient store;
  StoreDeployment deployment;

  @BeforeEach
  void deploy(Vertx vertx) throws Exception {
    this.vertx = vertx;
    config = RelayConfig.from(Map.of("RELAY_DATA_DIR", dir.toString()));
    start();
  }

  @Test
  void countsOnlyTakeSeqsInAnyOrderAsOtherNodesCommitsArrive() {
    PendingDeliveries counts = PendingDeliveries.countsOnly();
    counts.apply(Map.of("a", List.of(10L, 12L)), Map.of());
    counts.apply(Map.of("a", List.of(11L), "b", List.of(9L)), Map.of("a", List.of(10L)));

    assertThat(counts.of("a")).isEqualTo(2);
    assertThat(counts.of("b")).isEqualTo(1);
    assertThat(counts.total()).isEqualTo(3);
  }

  @Test
  void whatIsPendingIsLoadedBackFromDiskAfterARestart() throws Exception {
    List<DeliveryStore.Delivered> toA = deliver("a", "s", 50);
    deliver("b", "s", 30);
    store.write(tx -> DeliveryStore.ackUpTo(tx, "a", toA.get(9).seq())).await(30, TimeUnit.SECONDS);
    store.write(tx -> DeliveryStore.ack(tx, "a", List.of(toA.get(20).deliveryId(), toA.get(30).deliveryId())))
        .await(30, TimeUnit.SECONDS);
    List<Long> pageBefore = seqs(page("a", 0, null, 100));

    restart();

    assertThat(pending.of("a")).isEqualTo(38);
    assertThat(pending.of("b")).isEqualTo(30);
    assertThat(pending.total()).isEqualTo(68);
    assertThat(seqs(page("a", 0, null, 100))).hasSize(38).isEqualTo(pageBefore)
        .doesNotContain(toA.get(20).seq(), toA.get(30).seq());
  }

  @Test
  void theStartUpLoadReadsOnlyTheIndexOfPendingRows() throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + config.database());
        ResultSet plan = connection.createStatement().executeQuery(
            "EXPLAIN QUERY PLAN SELECT seq, agent_id FROM deliveries WHERE acked_at IS NULL ORDER BY seq")) {
      plan.next();
      assertThat(plan.getString("detail")).contains("COVERING INDEX deliveries_pending");
    }
  }

  @Test
  void aPageGoesOnPastRowsAcknowledgedAfterItsSeqsWereTaken() throws Exception {
    List<DeliveryStore.Delivered> items = deliver("a", "s", 10);
    // acknowledged on disk behind the in-memory seqs' back, as a read racing an ack would see it
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + config.database())) {
      connection.createStatement().executeUpdate("UPDATE deliveries SET acked_at = 1 WHERE seq IN ("
          + items.get(1).seq() + ", " + items.get(2).seq() + ")");
    }

    assertThat(seqs(page("a", 0, null, 3)))
        .containsExactly(items.get(0).seq(), items.get(3).seq(), items.get(4).seq());
    assertThat(seqs(page("a", items.get(8).seq(), null, 3))).containsExactly(items.get(9).seq());
  }

  @Test
  void aPageFilteredBySenderFindsItemsFarBehindOthers() throws Exception {
    deliver("a", "noisy", 1200);
    List<DeliveryStore.Delivered> quiet = deliver("a", "quiet", 3);
    deliver("a", "noisy", 10);

    assertThat(seqs(page("a", 0, "quiet", 2))).containsExactly(quiet.get(0).seq(), quiet.get(1).seq());
    assertThat(seqs(page("a", quiet.get(1).seq(), "quiet", 2))).containsExactly(quiet.get(2).seq());
    assertThat(page("a", 0, "nobody", 5)).isEmpty();
  }

  @Test
  void anAckUpToCoversWhatTheSameBatchDelivered() throws Exception {
    deliver("a", "s", 2);
    int acknowledged = store.write(tx -> {
      long last = DeliveryStore.deliver(tx, "a", EventType.MESSAGE_NEW, "s", null, null, QueuedMessages.message("s", "a"), null)
          .seq();
      DeliveryStore.deliver(tx, "a", EventType.MESSAGE_NEW, "s", null, null, QueuedMessages.message("s", "a"), null);
      return DeliveryStore.ackUpTo(tx, "a", last);
    }).await(30, TimeUnit.SECONDS);

    assertThat(acknowledged).isEqualTo(3);
    assertThat(pending.of("a")).isEqualTo(1);
    assertThat(page("a", 0, null, 10)).hasSize(1);
  }

  private List<DeliveryStore.Delivered> deliver(String recipient, String sender, int count) throws Exception {
    return QueuedMessages.deliver(store, recipient, sender, count);
  }

  private List<DeliveryStore.StoredItem> page(String agentId, long after, String from, int limit) throws Exception {
    return store.read(reads -> DeliveryStore.page(reads, agentId, after, from, limit)).await(30, TimeUnit.SECONDS);
  }

  private static List<Long> seqs(List<DeliveryStore.StoredItem> items) {
    return items.stream().map(DeliveryStore.StoredItem::seq).toList();
  }

  private void start() throws Exception {
    pending = new PendingDeliveries();
    deployment = stores.deploy(vertx, config, pending, new RelayCounters());
    store = deployment.client();
  }

  private void restart() throws Exception {
    deployment.undeploy();
    start();
  }
}
