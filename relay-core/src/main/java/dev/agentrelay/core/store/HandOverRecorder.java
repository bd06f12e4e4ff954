package dev.agentrelay.core.store;

import dev.agentrelay.core.bus.HandOvers;
import dev.agentrelay.core.bus.HandOvers.HandOver;
import dev.agentrelay.core.bus.HandOvers.Via;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes first hand-overs into the deliveries table: one inside a command already running in the writer, or in
 * the writer's batch every note the read paths took in {@link HandOvers}.
 */
final class HandOverRecorder {

  // only the first hand-over counts: later ones, and the notes of an item read again, change nothing
  private static final String RECORD = "UPDATE deliveries SET first_delivered_at = ?, delivered_via = ?"
      + " WHERE seq = ? AND first_delivered_at IS NULL";

  private HandOverRecorder() {
  }

  /** Writes a hand-over now, inside a command that already runs in the writer. */
  static void record(WriteContext tx, long seq, Via via) throws SQLException {
    record(tx, seq, via, tx.now());
  }

  /**
   * In the writer's batch: records every note taken so far and answers them, to give back if the batch does not
   * commit; if recording fails they are given back at once.
   */
  static List<HandOver> recordNoted(WriteContext tx, HandOvers handOvers) throws SQLException {
    List<HandOver> taken = handOvers.take();
    try {
      for (HandOver handOver : taken) {
        record(tx, handOver.seq(), handOver.via(), handOver.at());
      }
    } catch (SQLException e) {
      handOvers.giveBack(taken);
      throw e;
    }
    return taken;
  }

  /** A first hand-over is also the moment of a {@code delivery.delivered} notice, in the same batch. */
  private static void record(WriteContext tx, long seq, Via via, long at) throws SQLException {
    if (tx.update(RECORD, at, via.wire(), seq) > 0) {
      Notices.send(tx, seq, DeliveryTerms.DELIVERED);
    }
  }
}
