package dev.agentrelay.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrelay.core.RelayCounters;
import dev.agentrelay.core.bus.StoreClient;
import dev.agentrelay.core.config.RelayConfig;
import dev.agentrelay.core.service.ReadStats;
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

/** A direct message is stored once, in its delivery row; databases from before that lose the second copy. */
@ExtendWith(VertxExtension.class)
class DirectMessagesTest {

  @TempDir
  Path dir;
  @RegisterExtension
  final StoreDeployments stores = new StoreDeployments();

  @Test
  void aSchema5DatabaseKeepsTaskMessagesAndBroadcastsAndCountsEveryMessageOnce(Vertx vertx) throws Exception {
    Path file = dir.resolve("relay.db");
    OlderSchema.create(file, 5,
        "INSERT INTO tasks (task_id, context_id, from_agent, to_agent, title, parts, status, priority, metadata,"
            + " created_at, updated_at) VALUES ('task_1', 'ctx_1', 's', 'a', 't', '[]', 'submitted', 'normal',"
            + " '{}', 1, 1)",
        "INSERT INTO messages (message_id, task_id, context_id, from_agent, to_agent, role, parts, metadata,"
            + " created_at) VALUES ('msg_direct', NULL, 'ctx_2', 's', 'a', 'agent', '[]', '{}', 1),"
            + " ('msg_task', 'task_1', 'ctx_1', 'a', 's', 'agent', '[]', '{}', 2),"
            + " ('msg_all', NULL, 'ctx_3', 's', '*', 'agent', '[]', '{}', 3)",
        "INSERT INTO deliveries (seq, delivery_id, agent_id, event, from_agent, task_id, item, created_at, acked_at)"
            + " VALUES (1, 'del_1', 'a', 'message.new', 's', NULL, '{}', 1, 5),"
            + " (2, 'del_2', 's', 'message.new', 'a', 'task_1', '{}', 2, NULL),"
            + " (3, 'del_3', 'a', 'broadcast', 's', NULL, '{}', 3, NULL)");

    PendingDeliveries pending = new PendingDeliveries();
    RelayConfig config = RelayConfig.from(Map.of("RELAY_DATA_DIR", dir.toString()));
    StoreClient store = stores.deploy(vertx, config, pending, new RelayCounters()).client();
    ReadStats.Stats stats = store.read(new ReadStats(new RelayCounters())).await(30, TimeUnit.SECONDS);

    assertThat(stats.messages()).isEqualTo(3);
    assertThat(stats.deliveries()).isEqualTo(new ReadStats.Deliveries(2, 1));
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT message_id FROM messages ORDER BY rowid")) {
      List<String> kept = new ArrayList<>();
      while (rows.next()) {
        kept.add(rows.getString(1));
      }
      assertThat(kept).containsExactly("msg_task", "msg_all");
    }
  }
}
