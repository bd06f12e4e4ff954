package dev.agentrelay.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrelay.core.RelayCounters;
import dev.agentrelay.core.bus.StoreClient;
import dev.agentrelay.core.config.RelayConfig;
import dev.agentrelay.core.push.PushConfig;
import dev.agentrelay.core.service.PushConfigCommands;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database from before push progress was kept: its configs count as pushed up to its last delivery (nothing old
 * is pushed again), and those of terminal tasks are no longer followed.
 */
@ExtendWith(VertxExtension.class)
class PushProgressUpgradeTest {

  @TempDir
  Path dir;
  @RegisterExtension
  final StoreDeployments stores = new StoreDeployments();

  @Test
  void configsOfAnOlderDatabaseArePushedUpToItsLastDeliveryAndTerminalTasksAreDone(Vertx vertx) throws Exception {
    OlderSchema.create(dir.resolve("relay.db"), Schema.MIGRATIONS.size() - 1,
        "INSERT INTO tasks (task_id, context_id, from_agent, to_agent, title, parts, status, priority, metadata,"
            + " created_at, updated_at) VALUES"
            + " ('task_open', 'ctx', 'a', 'b', 't', '[]', 'working', 'normal', '{}', 1, 1),"
            + " ('task_done', 'ctx', 'a', 'b', 't', '[]', 'completed', 'normal', '{}', 1, 1)",
        "INSERT INTO deliveries (seq, delivery_id, agent_id, event, from_agent, task_id, item, created_at)"
            + " VALUES (7, 'del_7', 'a', 'task.updated', 'b', 'task_open', '{\"seq\":7}', 1),"
            + " (8, 'del_8', 'a', 'task.updated', 'b', 'task_done', '{\"seq\":8}', 1)",
        "INSERT INTO a2a_push_configs (config_id, task_id, owner, url, created_at) VALUES"
            + " ('c1', 'task_open', 'a', 'https://example.com/1', 1),"
            + " ('c2', 'task_done', 'a', 'https://example.com/2', 1)");

    RelayConfig config = RelayConfig.from(Map.of("RELAY_DATA_DIR", dir.toString()));
    StoreClient store = stores.deploy(vertx, config, new PendingDeliveries(), new RelayCounters()).client();

    assertThat(await(store.write(new PushConfigCommands.FollowedTasks())))
        .containsExactly(new PushConfig.FollowedTask("task_open", "a", "b"));
    PushConfig.CatchUp open = await(store.write(new PushConfigCommands.CatchUp("task_open")));
    assertThat(open.pushedSeqs()).containsExactly(Map.entry("c1", 8L));
    assertThat(open.items()).isEmpty();
    assertThat(open.terminal()).isFalse();

    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("relay.db"));
        PreparedStatement explain = connection.prepareStatement("EXPLAIN QUERY PLAN " + PushConfigStore.MISSED)) {
      explain.setString(1, "task_open");
      explain.setLong(2, 0);
      ResultSet plan = explain.executeQuery();
      StringBuilder steps = new StringBuilder();
      while (plan.next()) {
        steps.append(plan.getString("detail")).append('\n');
      }
      assertThat(steps.toString()).as("the missed updates are read through the index")
          .contains("USING INDEX deliveries_by_task");
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
