package dev.agentrelay.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrelay.core.RelayCounters;
import dev.agentrelay.core.bus.StoreClient;
import dev.agentrelay.core.config.RelayConfig;
import dev.agentrelay.core.model.Ids;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Delivery IDs that carry their seq, against a real SQLite file, and the databases from before them. */
@ExtendWith(VertxExtension.class)
class DeliveryIdsTest {

  @TempDir
  Path dir;
  @RegisterExtension
  final StoreDeployments stores = new StoreDeployments();
  PendingDeliveries pending;
  StoreClient store;

  @Test
  void anAckByIdTakesOnlyThatAgentsOwnPendingRow(Vertx vertx) throws Exception {
    start(vertx);
    List<DeliveryStore.Delivered> toA = deliver("a", 3);
    DeliveryStore.Delivered first = toA.get(0);
    assertThat(Ids.deliverySeq(first.deliveryId())).hasValue(first.seq());
    String forged = Ids.delivery(first.seq());

    assertThat(ack("b", first.deliveryId())).isZero();
    assertThat(ack("a", forged, "del_unknown", Ids.next(Ids.DELIVERY))).isZero();
    assertThat(ack("a", first.deliveryId())).isEqualTo(1);
    assertThat(ack("a", first.deliveryId())).isZero();
    assertThat(pending.of("a")).isEqualTo(2);
  }

  @Test
  void aSchema4DatabaseKeepsItsPendingIdsAndItsMessagesLoseTheirUniqueIndexes(Vertx vertx) throws Exception {
    String pendingId = Ids.next(Ids.DELIVERY);
    String ackedId = Ids.next(Ids.DELIVERY);
    OlderSchema.create(dir.resolve("relay.db"), 4,
        "INSERT INTO deliveries (seq, delivery_id, agent_id, event, from_agent, item, created_at, acked_at)"
            + " VALUES (7, '" + ackedId + "', 'a', 'message.new', 's', '{}', 1, 2),"
            + " (9, '" + pendingId + "', 'a', 'message.new', 's', '{}', 1, NULL)",
        "INSERT INTO messages (rowid, message_id, context_id, from_agent, to_agent, role, parts, metadata,"
            + " created_at) VALUES (5, 'msg_b', 'ctx_1', 's', '*', 'agent', '[]', '{}', 1),"
            + " (8, 'msg_a', 'ctx_1', 's', '*', 'agent', '[]', '{}', 2)");

    start(vertx);

    assertThat(pending.of("a")).isEqualTo(1);
    assertThat(ack("a", ackedId)).isZero();
    assertThat(ack("b", pendingId)).isZero();
    assertThat(ack("a", pendingId)).isEqualTo(1);
    DeliveryStore.Delivered next = deliver("a", 1).get(0);
    assertThat(next.seq()).isEqualTo(10);
    assertThat(ack("a", next.deliveryId())).isEqualTo(1);
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("relay.db"));
        Statement statement = connection.createStatement()) {
      assertThat(strings(statement, "SELECT rowid || ' ' || message_id FROM messages ORDER BY rowid"))
          .containsExactly("5 msg_b", "8 msg_a");
      assertThat(strings(statement, "SELECT name FROM pragma_index_list('deliveries') WHERE \"unique\""))
          .isEmpty();
      assertThat(strings(statement, "SELECT name FROM pragma_index_list('messages') WHERE \"unique\"")).isEmpty();
      assertThat(strings(statement, "SELECT name FROM sqlite_schema WHERE tbl_name IN ('deliveries', 'messages')"
          + " AND type = 'index' ORDER BY name")).containsExactly("deliveries_by_task", "deliveries_due",
          "deliveries_expiring", "deliveries_pending", "messages_by_task");
    }
  }

  private void start(Vertx vertx) throws Exception {
    pending = new PendingDeliveries();
    RelayConfig config = RelayConfig.from(Map.of("RELAY_DATA_DIR", dir.toString()));
    store = stores.deploy(vertx, config, pending, new RelayCounters()).client();
  }

  private int ack(String agentId, String... deliveryIds) throws Exception {
    return store.write(tx -> DeliveryStore.ack(tx, agentId, List.of(deliveryIds))).await(30, TimeUnit.SECONDS);
  }

  private List<DeliveryStore.Delivered> deliver(String recipient, int count) throws Exception {
    return QueuedMessages.deliver(store, recipient, "s", count);
  }

  private static List<String> strings(Statement statement, String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        out.add(rows.getString(1));
      }
    }
    return out;
  }
}
