package dev.agentrelay.core.store;

import java.sql.SQLException;
import java.util.List;

/**
 * The audit log's lookups: per agent ({@code audit_agents}: the actor, the peer and an agent subject of each
 * entry) and per event ({@code audit_events}). They are filled behind the writes, many entries per
 * transaction, instead of index pages dirtied in every commit; {@code meta.audit_lookups_up_to} is the last
 * entry they cover, and a query scans the entries after it directly (see {@link AuditStore#list}), so a
 * lookup never misses an entry.
 */
final class AuditIndex {

  /** The subject types whose subject_id is an agent. */
  private static final String AGENT_SUBJECTS = "('agent', 'inbox')";

  /** The last entry_id that the lookups cover, as an SQL expression. */
  static final String COVERED_UP_TO =
      "(SELECT coalesce(CAST(value AS BIGINT), 0) FROM meta WHERE key = 'audit_lookups_up_to')";

  /** The agents an audit row concerns, as an SQL condition on {@code a} for {@code ?}, {@code ?}, {@code ?}. */
  private static final String CONCERNS_AGENT = "(a.actor = ? OR a.peer = ? OR (a.subject_id = ? AND"
      + " a.subject_type IN " + AGENT_SUBJECTS + "))";

  /**
   * One lookup, for one key: its table and key column, and the same test as an SQL condition on an audit row
   * {@code a} (with its parameters) for the entries after the covered ones.
   */
  record Lookup(String table, String keyColumn, Object key, String rowTest, List<Object> rowTestParams) {
  }

  static Lookup agent(String agentId) {
    return new Lookup("audit_agents", "agent_id", agentId, CONCERNS_AGENT, List.of(agentId, agentId, agentId));
  }

  static Lookup event(String event) {
    return new Lookup("audit_events", "event", event, "a.event = ?", List.of(event));
  }

  private static final String LAST_ENTRY = "SELECT coalesce(max(entry_id), 0) AS n FROM audit";
  private static final String UP_TO = "SELECT " + COVERED_UP_TO + " AS n";
  private static final String FILL = "INSERT INTO audit_agents (agent_id, entry_id)"
      + " SELECT actor, entry_id FROM audit WHERE entry_id > ? AND entry_id <= ?"
      + " UNION ALL SELECT peer, entry_id FROM audit WHERE entry_id > ? AND entry_id <= ? AND peer IS NOT NULL"
      + " UNION ALL SELECT subject_id, entry_id FROM audit WHERE entry_id > ? AND entry_id <= ?"
      + " AND subject_type IN " + AGENT_SUBJECTS
      + " ORDER BY 1, 2 ON CONFLICT DO NOTHING";
  private static final String FILL_EVENTS = "INSERT INTO audit_events (event, entry_id)"
      + " SELECT event, entry_id FROM audit WHERE entry_id > ? AND entry_id <= ? ORDER BY 1, 2 ON CONFLICT DO NOTHING";
  private static final String MARK = "UPDATE meta SET value = ? WHERE key = 'audit_lookups_up_to'";

  private AuditIndex() {
  }

  /**
   * Indexes up to {@code maxEntries} entries after the covered ones, in the writer's current transaction;
   * answers how many it covered (fewer than {@code maxEntries}: it has caught up).
   */
  static long catchUp(WriteContext tx, long maxEntries) throws SQLException {
    long upTo = tx.one(UP_TO, c -> c.number("n")).orElse(0L);
    long last = tx.one(LAST_ENTRY, c -> c.number("n")).orElse(0L);
    long to = Math.min(last, upTo + maxEntries);
    if (to <= upTo) {
      return 0;
    }
    tx.update(FILL, upTo, to, upTo, to, upTo, to);
    tx.update(FILL_EVENTS, upTo, to);
    tx.update(MARK, String.valueOf(to));
    return to - upTo;
  }
}
