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

  /** The tasks whose configs are followed: what a starting dispatcher follows again. */
  public record FollowedTasks() implements WriteCommand<List<PushConfig.FollowedTask>> {
    @Override
    public List<PushConfig.FollowedTask> apply(WriteContext tx) throws SQLException {
      return PushConfigStore.followedTasks(tx);
    }
  }

  /** What was committed about the task and not pushed yet. */
  public record CatchUp(String taskId) implements WriteCommand<PushConfig.CatchUp> {
    @Override
    public PushConfig.CatchUp apply(WriteContext tx) throws SQLException {
      return PushConfigStore.catchUp(tx, taskId);
    }
  }

  /** The task's updates up to {@code seq} were pushed (or given up); {@code finished}: its terminal one too. */
  public record Pushed(String taskId, long seq, boolean finished) implements WriteCommand<Void> {
    @Override
    public Void apply(WriteContext tx) throws SQLException {
      PushConfigStore.pushed(tx, taskId, seq, finished);
      return null;
    }
  }
}
