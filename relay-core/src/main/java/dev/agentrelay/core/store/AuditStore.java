package dev.agentrelay.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.AuditEntry;
import dev.agentrelay.core.model.Times;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The audit table: append-only, never deleted through the API. */
public final class AuditStore {

  private static final String COLUMNS = "entry_id, at, actor, event, subject_type, subject_id, task_id, detail";
  private static final String INSERT = "INSERT INTO audit (at, actor, event, subject_type, subject_id, task_id,"
      + " detail, peer) VALUES (?,?,?,?,?,?,?,?)";

  private AuditStore() {
  }

  /** Which entries to list, oldest first; null fields do not filter. */
  public record Filter(String agent, String taskId, String event, Long sinceMillis, Long afterEntry, int limit) {
  }

  /** A page of entries and the entry to continue after (null on the last page). */
  public record Page(List<AuditEntry> entries, Long nextAfterEntry) {
  }

  /** Appends one entry in the batch's transaction. */
  public static void record(WriteContext tx, String actor, String event, String subjectType, String subjectId,
      String taskId, JsonNode detail) throws SQLException {
    record(tx, actor, event, subjectType, subjectId, taskId, detail, null);
  }

  /**
   * Appends one entry that also concerns {@code peer}, the agent a send reached, so that filtering by that
   * agent finds what it was sent.
   */
  public static void record(WriteContext tx, String actor, String event, String subjectType, String subjectId,
      String taskId, JsonNode detail, String peer) throws SQLException {
    tx.update(INSERT, tx.now(), actor, event, subjectType, subjectId, taskId, Json.write(detail), peer);
  }

  public static Future<Page> list(Pool pool, Filter filter) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit WHERE 1 = 1");
    List<Object> params = new ArrayList<>();
    if (filter.agent() != null) {
      sql.append(" AND (actor = ? OR subject_id = ? OR peer = ?)");
      params.add(filter.agent());
      params.add(filter.agent());
      params.add(filter.agent());
    }
    if (filter.taskId() != null) {
      sql.append(" AND task_id = ?");
      params.add(filter.taskId());
    }
    if (filter.event() != null) {
      sql.append(" AND event = ?");
      params.add(filter.event());
    }
    if (filter.sinceMillis() != null) {
      sql.append(" AND at >= ?");
      params.add(filter.sinceMillis());
    }
    if (filter.afterEntry() != null) {
      sql.append(" AND entry_id > ?");
      params.add(filter.afterEntry());
    }
    sql.append(" ORDER BY entry_id LIMIT ?");
    params.add(filter.limit() + 1);
    return Reads.list(pool, sql.toString(), AuditStore::map, params.toArray()).map(rows -> {
      boolean more = rows.size() > filter.limit();
      List<AuditEntry> shown = more ? rows.subList(0, filter.limit()) : rows;
      return new Page(List.copyOf(shown), more ? shown.get(shown.size() - 1).entryId() : null);
    });
  }

  private static AuditEntry map(Columns c) {
    return new AuditEntry(
        c.number("entry_id"),
        Times.format(c.number("at")),
        c.text("actor"),
        c.text("event"),
        c.text("subject_type"),
        c.text("subject_id"),
        c.text("task_id"),
        Json.readStored(c.text("detail")));
  }
}
