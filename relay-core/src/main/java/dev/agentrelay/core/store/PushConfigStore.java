package dev.agentrelay.core.store;

import dev.agentrelay.core.push.PushConfig;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code a2a_push_configs} table. Its commands run on the store's writer (configs change rarely and are read
 * once per task update, so they share the write loop's single connection rather than open a read path of their
 * own).
 *
 * <p>Each config keeps how far its task's updates were pushed ({@code pushed_seq}, a delivery seq) and whether its
 * task is still followed ({@code following}, 0 once the terminal update was pushed): a dispatcher that starts
 * pushes what was committed while none ran, from the deliveries that name the task.
 */
public final class PushConfigStore {

  private static final String TERMINAL = "('completed', 'failed', 'rejected', 'cancelled')";
  private static final String COLUMNS = "config_id, task_id, owner, url, token, auth_scheme, auth_credentials";
  // a new config starts after every delivery made so far: it gets the updates from its save on
  private static final String UPSERT = "INSERT INTO a2a_push_configs (" + COLUMNS + ", created_at, pushed_seq)"
      + " VALUES (?,?,?,?,?,?,?,?,(SELECT COALESCE(MAX(seq), 0) FROM deliveries))"
      + " ON CONFLICT (task_id, config_id) DO UPDATE SET owner = excluded.owner,"
      + " url = excluded.url, token = excluded.token, auth_scheme = excluded.auth_scheme,"
      + " auth_credentials = excluded.auth_credentials, created_at = excluded.created_at";
  private static final String OF_TASK = "SELECT " + COLUMNS + " FROM a2a_push_configs WHERE task_id = ?"
      + " ORDER BY created_at, config_id";
  private static final String DELETE = "DELETE FROM a2a_push_configs WHERE task_id = ? AND config_id = ?";
  private static final String FOLLOWED_TASKS = "SELECT DISTINCT t.task_id AS task_id, t.from_agent AS from_agent,"
      + " t.to_agent AS to_agent FROM a2a_push_configs p"
      + " JOIN tasks t ON t.task_id = p.task_id"
      + " WHERE p.following = 1";
  private static final String PUSHED_SEQS = "SELECT config_id, pushed_seq FROM a2a_push_configs"
      + " WHERE task_id = ? AND following = 1";
  private static final String IS_TERMINAL = "SELECT task_id FROM tasks WHERE task_id = ? AND status IN " + TERMINAL;
  // the events A2A pushes, in the words of the partial index deliveries_by_task, so that the query uses it
  static final String MISSED = "SELECT item FROM deliveries WHERE task_id = ? AND seq > ?"
      + " AND event IN ('task.updated', 'artifact.new', 'message.new') AND waiting IS NULL ORDER BY seq";
  private static final String PUSHED = "UPDATE a2a_push_configs SET pushed_seq = ?"
      + " WHERE task_id = ? AND pushed_seq < ?";
  private static final String FINISHED = "UPDATE a2a_push_configs SET following = 0 WHERE task_id = ?";

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

  /** The tasks whose configs are followed: not terminal, or whose terminal update was not pushed yet. */
  public static List<PushConfig.FollowedTask> followedTasks(WriteContext tx) throws SQLException {
    return tx.list(FOLLOWED_TASKS,
        c -> new PushConfig.FollowedTask(c.text("task_id"), c.text("from_agent"), c.text("to_agent")));
  }

  /** What a dispatcher that starts to follow the task has to push first. */
  public static PushConfig.CatchUp catchUp(WriteContext tx, String taskId) throws SQLException {
    Map<String, Long> pushedSeqs = new LinkedHashMap<>();
    for (Map.Entry<String, Long> config : tx.list(PUSHED_SEQS,
        c -> Map.entry(c.text("config_id"), c.number("pushed_seq")), taskId)) {
      pushedSeqs.put(config.getKey(), config.getValue());
    }
    boolean terminal = tx.one(IS_TERMINAL, c -> c.text("task_id"), taskId).isPresent();
    if (pushedSeqs.isEmpty()) {
      return new PushConfig.CatchUp(terminal, pushedSeqs, List.of());
    }
    long from = pushedSeqs.values().stream().mapToLong(Long::longValue).min().orElseThrow();
    return new PushConfig.CatchUp(terminal, pushedSeqs, tx.list(MISSED, c -> c.text("item"), taskId, from));
  }

  /** The task's updates up to {@code seq} were pushed; {@code finished}: its terminal update was among them. */
  public static void pushed(WriteContext tx, String taskId, long seq, boolean finished) throws SQLException {
    tx.update(PUSHED, seq, taskId, seq);
    if (finished) {
      tx.update(FINISHED, taskId);
    }
  }

  private static PushConfig config(Columns c) {
    return new PushConfig(c.text("config_id"), c.text("task_id"), c.text("owner"), c.text("url"), c.text("token"),
        c.text("auth_scheme"), c.text("auth_credentials"));
  }
}
