package dev.agentrelay.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentrelay.core.bus.AuditFilter;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.AuditEntry;
import dev.agentrelay.core.model.Times;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The audit table: append-only, never deleted through the API. */
public final class AuditStore {

  private static final String COLUMNS =
      "a.entry_id, a.at, a.actor, a.event, a.subject_type, a.subject_id, a.task_id, a.detail";
  private static final String INSERT = "INSERT INTO audit (at, actor, event, subject_type, subject_id, task_id,"
      + " detail, peer) VALUES (?,?,?,?,?,?,?,?)";

  private AuditStore() {
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
    tx.audited();
    tx.append(INSERT, tx.now(), actor, event, subjectType, subjectId, taskId, Json.write(detail), peer);
  }

  /**
   * One page, oldest first. With an agent or event filter the entries its lookup covers are found through it
   * and the few written since are scanned, in one statement (one snapshot, so none is missed or repeated).
   */
  public static Future<Page> list(Pool pool, AuditFilter filter) {
    StringBuilder conditions = new StringBuilder();
    List<Object> conditionParams = new ArrayList<>();
    if (filter.taskId() != null) {
      conditions.append(" AND a.task_id = ?");
      conditionParams.add(filter.taskId());
    }
    if (filter.event() != null) {
      conditions.append(" AND a.event = ?");
      conditionParams.add(filter.event());
    }
    if (filter.sinceMillis() != null) {
      conditions.append(" AND a.at >= ?");
      conditionParams.add(filter.sinceMillis());
    }
    long after = filter.afterEntry() == null ? 0 : filter.afterEntry();
    StringBuilder sql = new StringBuilder();
    List<Object> params = new ArrayList<>();
    AuditIndex.Lookup lookup = filter.agent() != null ? AuditIndex.agent(filter.agent())
        : filter.event() != null ? AuditIndex.event(filter.event()) : null;
    if (lookup == null) {
      sql.append("SELECT ").append(COLUMNS).append(" FROM audit a WHERE a.entry_id > ?").append(conditions);
      params.add(after);
      params.addAll(conditionParams);
    } else {
      // the first arm reads x.entry_id so that the lookup's own order serves the ORDER BY (no sort)
      sql.append("SELECT ").append(COLUMNS.replace("a.entry_id", "x.entry_id"))
          .append(" FROM ").append(lookup.table()).append(" x JOIN audit a ON a.entry_id = x.entry_id")
          .append(" WHERE x.").append(lookup.keyColumn()).append(" = ?")
          .append(" AND x.entry_id > ? AND x.entry_id <= ").append(AuditIndex.COVERED_UP_TO).append(conditions)
          .append(" UNION ALL SELECT ").append(COLUMNS).append(" FROM audit a WHERE a.entry_id > ?")
          .append(" AND a.entry_id > ").append(AuditIndex.COVERED_UP_TO)
          .append(" AND ").append(lookup.rowTest()).append(conditions);
      params.add(lookup.key());
      params.add(after);
      params.addAll(conditionParams);
      params.add(after);
      params.addAll(lookup.rowTestParams());
      params.addAll(conditionParams);
    }
    sql.append(" ORDER BY entry_id LIMIT ?");
    params.add(filter.limit() + 1);
    return Reads.list(pool, sql.toString(), AuditStore::map, params.toArray()).map(rows -> {
      boolean more = rows.size() > filter.limit();
      List<AuditEntry> shown = more ? rows.subList(0, filter.limit()) : rows;
      return new Page(List.copyOf(shown), more ? shown.get(shown.size() - 1).entryId() : null);
    });
  }

  /**
   * Up to {@code limit} entries of {@code event} whose subject is agent {@code agentId}, newest first: through
   * the agent lookup, and a scan of the entries written since.
   */
  public static Future<List<AuditEntry>> latestAbout(Pool pool, String agentId, String event, int limit) {
    AuditIndex.Lookup lookup = AuditIndex.agent(agentId);
    String about = " AND a.event = ? AND a.subject_id = ?";
    String sql = "SELECT * FROM (SELECT " + COLUMNS + " FROM " + lookup.table() + " x JOIN audit a"
        + " ON a.entry_id = x.entry_id WHERE x." + lookup.keyColumn() + " = ? AND x.entry_id <= "
        + AuditIndex.COVERED_UP_TO + about
        + " UNION ALL SELECT " + COLUMNS + " FROM audit a WHERE a.entry_id > " + AuditIndex.COVERED_UP_TO
        + " AND " + lookup.rowTest() + about + ") recent ORDER BY entry_id DESC LIMIT ?";
    List<Object> params = new ArrayList<>();
    params.add(lookup.key());
    params.add(event);
    params.add(agentId);
    params.addAll(lookup.rowTestParams());
    params.add(event);
    params.add(agentId);
    params.add(limit);
    return Reads.list(pool, sql, AuditStore::map, params.toArray());
  }

  /**
   * How many entries of {@code event} there are, by the value of the top-level {@code detailField} of their
   * detail ("" where it is absent): through the event lookup, and a scan of the entries written since.
   */
  public static Future<Map<String, Long>> countByDetail(ReadContext reads, String event, String detailField) {
    String field = reads.dialect().jsonField("a.detail");
    String sql = "SELECT coalesce(value, '') AS value, sum(n) AS n FROM ("
        + "SELECT " + field + " AS value, count(*) AS n FROM audit_events e"
        + " JOIN audit a ON a.entry_id = e.entry_id WHERE e.event = ? GROUP BY 1"
        + " UNION ALL SELECT " + field + ", count(*) FROM audit a"
        + " WHERE a.entry_id > " + AuditIndex.COVERED_UP_TO + " AND a.event = ? GROUP BY 1) counted GROUP BY 1";
    Object name = reads.dialect().jsonFieldName(detailField);
    return Reads.countsBy(reads.pool(), "value", sql, name, event, name, event);
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
