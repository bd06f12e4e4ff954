package dev.agentrelay.core.store;

import dev.agentrelay.core.bus.WriteCommand;
import java.sql.SQLException;

/**
 * Writes the store makes for itself: the health probe's row (its command is {@code core.service.WriteProbe}), and
 * housekeeping (expired idempotency records, legacy delivery IDs no longer pending).
 */
public final class Maintenance {

  private static final String PROBE = "INSERT INTO meta (key, value) VALUES ('last_probe', ?)"
      + " ON CONFLICT (key) DO UPDATE SET value = excluded.value";

  private Maintenance() {
  }

  /** A real write, run in the group commit by {@code core.service.WriteProbe}, to prove the store can be written. */
  public static boolean probe(WriteContext tx) throws SQLException {
    return tx.update(PROBE, String.valueOf(tx.now())) == 1;
  }

  /** The most rows one housekeeping pass deletes or looks at per table, so that it holds the writer briefly. */
  public static final int SWEEP_CHUNK = 10_000;

  /**
   * What one housekeeping pass removed, and the legacy delivery ID the next pass goes on after (null: none
   * left to look at).
   */
  public record Swept(int expiredIdempotencyKeys, int settledLegacyIds, String legacyCursor) {

    /** Whether another pass has work left. */
    public boolean more() {
      return expiredIdempotencyKeys >= SWEEP_CHUNK || legacyCursor != null;
    }
  }

  /**
   * One housekeeping pass: deletes up to {@link #SWEEP_CHUNK} idempotency records older than 24 hours, and
   * looks at up to as many legacy delivery IDs after {@code legacyAfter} ({@code ""} for the first, null to
   * skip them) and deletes those no longer pending.
   */
  public static WriteCommand<Swept> sweep(String legacyAfter) {
    return tx -> {
      int keys = IdempotencyStore.purgeExpired(tx, SWEEP_CHUNK);
      if (legacyAfter == null) {
        return new Swept(keys, 0, null);
      }
      DeliveryStore.LegacyPrune prune = DeliveryStore.pruneLegacyIds(tx, legacyAfter, SWEEP_CHUNK);
      return new Swept(keys, prune.deleted(), prune.nextAfter());
    };
  }
}
