package dev.agentrelay.core.store;

import java.sql.SQLException;
import java.util.Optional;

/** The idempotency table: the first answer to each (agent, Idempotency-Key), kept for 24 hours. */
public final class IdempotencyStore {

  static final long RETENTION_MILLIS = 24L * 60 * 60 * 1000;

  private static final String FIND = "SELECT fingerprint, status, body FROM idempotency"
      + " WHERE agent_id = ? AND key = ? AND created_at > ?";
  private static final String SAVE = "INSERT INTO idempotency"
      + " (agent_id, key, fingerprint, status, body, created_at) VALUES (?,?,?,?,?,?)"
      + " ON CONFLICT (agent_id, key) DO UPDATE SET fingerprint = excluded.fingerprint, status = excluded.status,"
      + " body = excluded.body, created_at = excluded.created_at";
  private static final String PURGE = "DELETE FROM idempotency WHERE (agent_id, key) IN"
      + " (SELECT agent_id, key FROM idempotency WHERE created_at <= ? ORDER BY created_at LIMIT ?)";

  private IdempotencyStore() {
  }

  public record Saved(String fingerprint, int status, String body) {
  }

  public static Optional<Saved> find(WriteContext tx, String agentId, String key) throws SQLException {
    return tx.one(FIND, c -> new Saved(c.text("fingerprint"), (int) c.number("status"), c.text("body")),
        agentId, key, tx.now() - RETENTION_MILLIS);
  }

  public static void save(WriteContext tx, String agentId, String key, String fingerprint, int status, String body)
      throws SQLException {
    tx.update(SAVE, agentId, key, fingerprint, status, body, tx.now());
  }

  /** Deletes up to {@code limit} records older than the retention, oldest first; answers how many went. */
  static int purgeExpired(WriteContext tx, int limit) throws SQLException {
    return tx.update(PURGE, tx.now() - RETENTION_MILLIS, limit);
  }
}
