package dev.agentrelay.core.service;

import dev.agentrelay.core.bus.WriteCommand;
import dev.agentrelay.core.push.PushConfig;
import dev.agentrelay.core.store.PushConfigStore;
import dev.agentrelay.core.store.WriteContext;
import java.sql.SQLException;
import java.util.List;

/** The commands on A2A push notification configs. Who may set or read them is the A2A edge's check. */
public final class PushConfigCommands {

  private PushConfigCommands() {
  }

  /** Stores (or replaces, for the same task and id) a config. */
  public record Save(PushConfig config) implements WriteCommand<PushConfig> {
    @Override
    public PushConfig apply(WriteContext tx) throws SQLException {
      PushConfigStore.save(tx, config);
      return config;
    }
  }

  /** The configs of a task, oldest first. */
  public record OfTask(String taskId) implements WriteCommand<List<PushConfig>> {
    @Override
    public List<PushConfig> apply(WriteContext tx) throws SQLException {
      return PushConfigStore.ofTask(tx, taskId);
    }
  }

  /** Removes a config; answers whether it was there. */
  public record Delete(String taskId, String configId) implements WriteCommand<Boolean> {
    @Override
    public Boolean apply(WriteContext tx) throws SQLException {
      return PushConfigStore.delete(tx, taskId, configId);
    }
  }

  /** The tasks that have configs and are not terminal: what a starting relay follows again. */
  public record OpenTasks() implements WriteCommand<List<PushConfig.OpenTask>> {
    @Override
    public List<PushConfig.OpenTask> apply(WriteContext tx) throws SQLException {
      return PushConfigStore.openTasks(tx);
    }
  }
}
