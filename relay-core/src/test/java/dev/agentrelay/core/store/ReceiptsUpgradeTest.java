package dev.agentrelay.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrelay.core.RelayCounters;
import dev.agentrelay.core.bus.HandOvers;
import dev.agentrelay.core.bus.StoreClient;
import dev.agentrelay.core.config.RelayConfig;
import dev.agentrelay.core.model.Ids;
import dev.agentrelay.core.model.Receipt;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A database from before receipts gets their columns and serves a receipt for every delivery it holds. */
@ExtendWith(VertxExtension.class)
class ReceiptsUpgradeTest {

  @TempDir
  Path dir;
  @RegisterExtension
  final StoreDeployments stores = new StoreDeployments();

  @Test
  void aSchema6DatabaseServesReceiptsAndRecordsHandOvers(Vertx vertx) throws Exception {
    String acked = Ids.delivery(1);
    String pending = Ids.delivery(2);
    OlderSchema.create(dir.resolve("relay.db"), 6,
        "INSERT INTO deliveries (seq, delivery_id, agent_id, event, from_agent, task_id, item, created_at, acked_at)"
            + " VALUES (1, '" + acked + "', 'a', 'message.new', 's', NULL, '{}', 1000, 5000),"
            + " (2, '" + pending + "', 'a', 'task.created', 's', 'task_1', '{}', 2000, NULL),"
            + " (3, 'del_legacy', 'a', 'message.new', 's', NULL, '{}', 3000, NULL)",
        "INSERT INTO legacy_delivery_ids (delivery_id, seq) VALUES ('del_legacy', 3)");

    RelayConfig config = RelayConfig.from(Map.of("RELAY_DATA_DIR", dir.toString()));
    StoreDeployment deployment = stores.deploy(vertx, config, new PendingDeliveries(), new RelayCounters());
    StoreClient store = deployment.client();

    Receipt ackedReceipt = find(store, acked).orElseThrow();
    assertThat(ackedReceipt.state()).isEqualTo(Receipt.ACKED);
    assertThat(ackedReceipt.ackedAt()).isEqualTo("1970-01-01T00:00:05.000Z");
    assertThat(ackedReceipt.firstDeliveredAt()).isNull();
    assertThat(find(store, pending).orElseThrow().state()).isEqualTo(Receipt.QUEUED);
    assertThat(find(store, "del_legacy").orElseThrow().seq()).isEqualTo(3);
    assertThat(find(store, Ids.delivery(9))).isEmpty();

    deployment.handOvers().handed(HandOvers.Via.POLL, 2, 3);
    deployment.handOvers().handed(HandOvers.Via.SSE, 2);
    // the notes ride in the next batch: once this write is answered they are on disk
    await(store.write(tx -> 0));
    Receipt handed = find(store, pending).orElseThrow();
    assertThat(handed.state()).isEqualTo(Receipt.DELIVERED);
    assertThat(handed.deliveredVia()).isEqualTo("poll");
    assertThat(handed.firstDeliveredAt()).isNotNull();
    assertThat(find(store, "del_legacy").orElseThrow().deliveredVia()).isEqualTo("poll");
  }

  private static Optional<Receipt> find(StoreClient store, String deliveryId) {
    return await(store.read(reads -> ReceiptStore.find(reads.pool(), deliveryId)));
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
