package dev.agentrelay.core.store;

/** Writes the store makes for itself: health probes and clearing expired idempotency keys. */
public final class Maintenance {

  private static final String PROBE = "INSERT OR REPLACE INTO meta (key, value) VALUES ('last_probe', ?)";

  private Maintenance() {
  }

  /** A real write through the group commit, to prove the file can be written. */
  public static WriteCommand<Boolean> probe() {
    return tx -> tx.update(PROBE, String.valueOf(tx.now())) == 1;
  }

  /** Deletes idempotency records older than 24 hours; answers how many went. */
  public static WriteCommand<Integer> purgeExpiredIdempotencyKeys() {
    return IdempotencyStore::purgeExpired;
  }
}
