package dev.agentrelay.core.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Priority;
import dev.agentrelay.core.model.Task;
import dev.agentrelay.core.model.TaskStatus;
import dev.agentrelay.core.model.Times;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The tasks table. */
public final class TaskStore {

  private static final String COLUMNS = "task_id, context_id, from_agent, to_agent, title, description, parts,"
      + " status, priority, due_by, metadata, created_at, updated_at";

  private static final String INSERT = "INSERT INTO tasks (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)";
  private static final String UPDATE_STATUS = "UPDATE tasks SET status = ?, updated_at = ? WHERE task_id = ?";
  private static final String STATUS = "SELECT status FROM tasks WHERE task_id = ?";
  private static final String FIND = "SELECT " + COLUMNS + " FROM tasks WHERE task_id = ?";

  private TaskStore() {
  }

  /** Which tasks a list returns; null fields do not filter. {@code partyOf} limits to one agent's tasks. */
  public record Filter(String to, String from, TaskStatus status, Long sinceMillis, String contextId,
      String partyOf, Long beforeRow, int limit) {
  }

  /** A page of tasks, newest first, and the row to continue below (null on the last page). */
  public record Page(List<Task> tasks, Long nextBeforeRow) {
  }

  public static void insert(WriteContext tx, Task t) throws SQLException {
    tx.append(INSERT, t.taskId(), t.contextId(), t.fromAgent(), t.toAgent(), t.title(), t.description(),
        Json.write(t.parts()), t.status().wire(), t.priority().wire(), t.dueBy(), Json.write(t.metadata()),
        Times.millis(t.createdAt()), Times.millis(t.updatedAt()));
    tx.totalsChanged().taskMoved(null, t.status().wire());
  }

  public static void updateStatus(WriteContext tx, Task t) throws SQLException {
    Optional<String> before = tx.one(STATUS, c -> c.text("status"), t.taskId());
    if (tx.update(UPDATE_STATUS, t.status().wire(), Times.millis(t.updatedAt()), t.taskId()) > 0) {
      tx.totalsChanged().taskMoved(before.orElse(null), t.status().wire());
    }
  }

  public static Optional<Task> find(WriteContext tx, String taskId) throws SQLException {
    return tx.one(FIND, TaskStore::map, taskId);
  }

  public static Future<Optional<Task>> find(Pool pool, String taskId) {
    return Reads.one(pool, FIND, TaskStore::map, taskId);
  }

  public static Future<Page> list(ReadContext reads, Filter filter) {
    String rowOrder = reads.dialect().rowOrder();
    StringBuilder sql = new StringBuilder("SELECT " + rowOrder + " AS row_id, " + COLUMNS + " FROM tasks WHERE 1 = 1");
    List<Object> params = new ArrayList<>();
    matching(sql, params, filter);
    condition(sql, params, " AND " + rowOrder + " < ?", filter.beforeRow());
    sql.append(" ORDER BY ").append(rowOrder).append(" DESC LIMIT ?");
    params.add(filter.limit() + 1);
    return Reads.list(reads.pool(), sql.toString(), c -> new Row(c.number("row_id"), map(c)), params.toArray())
        .map(rows -> page(rows, filter.limit()));
  }

  /** How many tasks match the filter on all pages together: its cursor and limit do not count. */
  public static Future<Long> count(ReadContext reads, Filter filter) {
    StringBuilder sql = new StringBuilder("SELECT COUNT(*) AS n FROM tasks WHERE 1 = 1");
    List<Object> params = new ArrayList<>();
    matching(sql, params, filter);
    return Reads.count(reads.pool(), sql.toString(), params.toArray());
  }

  private static void matching(StringBuilder sql, List<Object> params, Filter filter) {
    condition(sql, params, " AND to_agent = ?", filter.to());
    condition(sql, params, " AND from_agent = ?", filter.from());
    condition(sql, params, " AND status = ?", filter.status() == null ? null : filter.status().wire());
    condition(sql, params, " AND updated_at >= ?", filter.sinceMillis());
    condition(sql, params, " AND context_id = ?", filter.contextId());
    if (filter.partyOf() != null) {
      sql.append(" AND (from_agent = ? OR to_agent = ?)");
      params.add(filter.partyOf());
      params.add(filter.partyOf());
    }
  }

  private record Row(long rowId, Task task) {
  }

  private static Page page(List<Row> rows, int limit) {
    boolean more = rows.size() > limit;
    List<Row> shown = more ? rows.subList(0, limit) : rows;
    Long next = more ? shown.get(shown.size() - 1).rowId() : null;
    return new Page(shown.stream().map(Row::task).toList(), next);
  }

  private static void condition(StringBuilder sql, List<Object> params, String clause, Object value) {
    if (value != null) {
      sql.append(clause);
      params.add(value);
    }
  }

  private static Task map(Columns c) {
    return new Task(
        c.text("task_id"),
        c.text("context_id"),
        c.text("from_agent"),
        c.text("to_agent"),
        c.text("title"),
        c.text("description"),
        Parts.read(c.text("parts")),
        TaskStatus.parse("status", c.text("status")),
        Priority.parse("priority", c.text("priority")),
        c.text("due_by"),
        (ObjectNode) Json.readStored(c.text("metadata")),
        Times.format(c.number("created_at")),
        Times.format(c.number("updated_at")),
        null,
        null);
  }
}
