package dev.agentrelay.core.store;

import dev.agentrelay.core.push.PushConfig;
import java.sql.SQLException;
import java.util.List;

/**
 * The {@code a2a_push_configs} table. Its commands run on the store's writer (configs change rarely and are read
 * once per task update, so they share the write loop's single connection rather than open a read path of their
 * own).
 */
public final class PushConfigStore {

  private static final String COLUMNS = "config_id, task_id, owner, url, token, auth_scheme, auth_credentials";
  private static final String UPSERT = "INSERT INTO a2a_push_configs (" + COLUMNS + ", created_at)"
      + " VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (task_id, config_id) DO UPDATE SET owner = excluded.owner,"
      + " url = excluded.url, token = excluded.token, auth_scheme = excluded.auth_scheme,"
      + " auth_credentials = excluded.auth_credentials, created_at = excluded.created_at";
  private static final String OF_TASK = "SELECT " + COLUMNS + " FROM a2a_push_configs WHERE task_id = ?"
      + " ORDER BY created_at, config_id";
  private static final String DELETE = "DELETE FROM a2a_push_configs WHERE task_id = ? AND config_id = ?";
  private static final String OPEN_TASKS = "SELECT DISTINCT t.task_id AS task_id, t.from_agent AS from_agent,"
      + " t.to_agent AS to_agent FROM a2a_push_configs p"
      + " JOIN tasks t ON t.task_id = p.task_id"
      + " WHERE t.status NOT IN ('completed', 'failed', 'rejected', 'cancelled')";

  private PushConfigStore() {
  }

  /** Stores (or replaces, for the same task and id) a config. */
  public static void save(WriteContext tx, PushConfig config) throws SQLException {
    tx.update(UPSERT, config.configId(), config.taskId(), config.owner(), config.url(), config.token(),
        config.authScheme(), config.authCredentials(), tx.now());
  }

  /** The configs of a task, oldest first. */
  public static List<PushConfig> ofTask(WriteContext tx, String taskId) throws SQLException {
    return tx.list(OF_TASK, PushConfigStore::config, taskId);
  }

  /** Removes a config; answers whether it was there. */
  public static boolean delete(WriteContext tx, String taskId, String configId) throws SQLException {
    return tx.update(DELETE, taskId, configId) > 0;
  }

  /** The tasks that have configs and are not terminal. */
  public static List<PushConfig.OpenTask> openTasks(WriteContext tx) throws SQLException {
    return tx.list(OPEN_TASKS,
        c -> new PushConfig.OpenTask(c.text("task_id"), c.text("from_agent"), c.text("to_agent")));
  }

  private static PushConfig config(Columns c) {
    return new PushConfig(c.text("config_id"), c.text("task_id"), c.text("owner"), c.text("url"), c.text("token"),
        c.text("auth_scheme"), c.text("auth_credentials"));
  }
}
