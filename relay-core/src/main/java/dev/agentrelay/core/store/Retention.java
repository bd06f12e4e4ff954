package dev.agentrelay.core.store;

import dev.agentrelay.core.bus.WriteCommand;
import java.sql.SQLException;
import java.util.List;

/**
 * The bounded passes that give a steady relay a steady file: acknowledged deliveries (with the direct
 * messages they hold and the record of a scheduled one's move into the inbox) and audit entries older than
 * their retention are deleted, at most {@link #PASS_ROWS} rows looked at per pass, and the pages they held go
 * back to the file system. Each pass is one write, so sends go on between passes. Task threads and broadcasts
 * are never deleted.
 *
 * <p>The newest delivery and the newest audit entry are always kept: their tables have no AUTOINCREMENT, so
 * the next seq and entry_id after a restart come from them, and must never repeat one handed out.
 */
public final class Retention {

  /** The most rows a pass looks at. */
  public static final int PASS_ROWS = 500;
  /** The most free pages a pass hands back (800 KiB of 4 KiB pages). */
  static final int VACUUM_PAGES = 200;

  // deliveries are looked at in seq order from a cursor: old pending ones are passed over, never deleted
  private static final String DELIVERY_CHUNK = "SELECT count(*) AS n, coalesce(max(seq), 0) AS last,"
      + " coalesce(max(created_at), 0) AS newest"
      + " FROM (SELECT seq, created_at FROM deliveries WHERE seq > ? ORDER BY seq LIMIT ?) chunk";
  private static final String EXPIRED_DELIVERIES = " FROM deliveries WHERE seq > ? AND seq <= ? AND acked_at < ?"
      + " AND seq < (SELECT max(seq) FROM deliveries)";
  private static final String COUNT_EXPIRED_DELIVERIES = "SELECT count(*) AS n,"
      + " coalesce(sum(CASE WHEN event = 'message.new' AND task_id IS NULL THEN 1 ELSE 0 END), 0) AS direct"
      + EXPIRED_DELIVERIES;
  private static final String DELETE_EXPIRED_DELIVERIES = "DELETE" + EXPIRED_DELIVERIES;
  // a scheduled delivery left a moved_deliveries row when it entered the inbox: it goes with its delivery
  private static final String DELETE_THEIR_MOVES = "DELETE FROM moved_deliveries WHERE delivery_id IN"
      + " (SELECT delivery_id" + EXPIRED_DELIVERIES + " AND deliver_at IS NOT NULL)";

  // audit entries go oldest first, as a prefix of the table: no cursor needed
  private static final String AUDIT_CHUNK = "SELECT count(*) AS n, coalesce(max(entry_id), 0) AS last,"
      + " (SELECT max(entry_id) FROM audit) AS newest_entry,"
      + " min(CASE WHEN at >= ? THEN entry_id END) AS first_kept"
      + " FROM (SELECT entry_id, at FROM audit ORDER BY entry_id LIMIT ?) chunk";
  private static final String AUDIT_AGENTS = "SELECT actor AS k FROM audit WHERE entry_id <= ?"
      + " UNION SELECT peer FROM audit WHERE entry_id <= ? AND peer IS NOT NULL"
      + " UNION SELECT subject_id FROM audit WHERE entry_id <= ? AND subject_type IN ('agent', 'inbox')";
  private static final String AUDIT_EVENTS = "SELECT DISTINCT event AS k FROM audit WHERE entry_id <= ?";
  private static final String DELETE_AGENT_LOOKUPS = "DELETE FROM audit_agents WHERE agent_id = ? AND entry_id <= ?";
  private static final String DELETE_EVENT_LOOKUPS = "DELETE FROM audit_events WHERE event = ? AND entry_id <= ?";
  private static final String DELETE_AUDIT = "DELETE FROM audit WHERE entry_id <= ?";

  private Retention() {
  }

  /** What a pass deleted, and where the next one goes on ({@code -1}: the round is over). */
  public record Pass(int deleted, long nextAfter) {

    public boolean more() {
      return nextAfter >= 0;
    }
  }

  /**
   * Deletes the deliveries acknowledged before {@code cutoffMillis} among the next {@link #PASS_ROWS} after
   * seq {@code after}. The round ends at the first chunk that reaches deliveries made after the cutoff (a
   * delivery is acknowledged after it is made, so none later can qualify).
   */
  public static WriteCommand<Pass> deliveries(long cutoffMillis, long after) {
    return tx -> {
      record Chunk(long size, long last, long newest) {
      }
      Chunk chunk = tx.one(DELIVERY_CHUNK, c -> new Chunk(c.number("n"), c.number("last"), c.number("newest")),
          after, PASS_ROWS).orElseThrow();
      if (chunk.size() == 0) {
        return new Pass(0, -1);
      }
      record Expired(long rows, long direct) {
      }
      Expired expired = tx.one(COUNT_EXPIRED_DELIVERIES, c -> new Expired(c.number("n"), c.number("direct")),
          after, chunk.last(), cutoffMillis).orElseThrow();
      int deleted = 0;
      if (expired.rows() > 0) {
        tx.update(DELETE_THEIR_MOVES, after, chunk.last(), cutoffMillis);
        deleted = tx.update(DELETE_EXPIRED_DELIVERIES, after, chunk.last(), cutoffMillis);
      }
      tx.totalsChanged().acked(-deleted);
      tx.totalsChanged().messages(-expired.direct());
      boolean last = chunk.size() < PASS_ROWS || chunk.newest() >= cutoffMillis;
      return new Pass(deleted, last ? -1 : chunk.last());
    };
  }

  /** Deletes up to {@link #PASS_ROWS} of the oldest audit entries made before {@code cutoffMillis}, with their lookups. */
  public static WriteCommand<Pass> audit(long cutoffMillis) {
    return tx -> {
      record Chunk(long size, long last, Long newestEntry, Long firstKept) {
      }
      Chunk chunk = tx.one(AUDIT_CHUNK, c -> new Chunk(c.number("n"), c.number("last"),
          c.nullableLong("newest_entry"), c.nullableLong("first_kept")), cutoffMillis, PASS_ROWS).orElseThrow();
      if (chunk.size() == 0) {
        return new Pass(0, -1);
      }
      long upTo = chunk.last();
      if (chunk.firstKept() != null) {
        upTo = Math.min(upTo, chunk.firstKept() - 1);
      }
      upTo = Math.min(upTo, chunk.newestEntry() - 1);
      if (upTo <= 0) {
        return new Pass(0, -1);
      }
      long prefix = upTo;
      List<String> agents = tx.list(AUDIT_AGENTS, c -> c.text("k"), prefix, prefix, prefix);
      for (String agent : agents) {
        tx.update(DELETE_AGENT_LOOKUPS, agent, prefix);
      }
      for (String event : tx.list(AUDIT_EVENTS, c -> c.text("k"), prefix)) {
        tx.update(DELETE_EVENT_LOOKUPS, event, prefix);
      }
      int deleted = tx.update(DELETE_AUDIT, prefix);
      boolean last = prefix < chunk.last() || chunk.size() < PASS_ROWS;
      return new Pass(deleted, last ? -1 : 0);
    };
  }

  /**
   * Hands up to {@link #VACUUM_PAGES} free pages back to the file system (a file made with
   * {@code auto_vacuum=INCREMENTAL}; older files keep their free pages for new rows); answers how many free
   * pages are left. PostgreSQL's autovacuum does this there: nothing to do.
   */
  public static WriteCommand<Long> vacuum() {
    return tx -> {
      if (tx.dialect() != Dialect.SQLITE) {
        return 0L;
      }
      long free = incrementalFreePages(tx);
      if (free == 0) {
        return 0L;
      }
      tx.freePages(Math.min(free, VACUUM_PAGES));
      return incrementalFreePages(tx);
    };
  }

  private static long incrementalFreePages(WriteContext tx) throws SQLException {
    long mode = tx.one("PRAGMA auto_vacuum", c -> c.number("auto_vacuum")).orElse(0L);
    return mode == 2 ? tx.one("PRAGMA freelist_count", c -> c.number("freelist_count")).orElse(0L) : 0;
  }
}
