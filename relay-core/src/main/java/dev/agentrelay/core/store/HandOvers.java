package dev.agentrelay.core.store;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The first hand-over of each delivery to its recipient, for its receipt. A read path only notes a hand-over
 * here, in memory, and never waits; the writer records what was noted inside the next batch it commits anyway
 * (an ack, a send), and the store's clock flushes notes that no write came to take within a second. So pages,
 * long-polls and SSE events cost no commit of their own: not a write per read, and at low rates no extra fsync.
 * One instance per relay, shared by the HTTP verticles that note and the writer that records.
 */
public final class HandOvers {

  // only the first hand-over counts: later ones, and the notes of an item read again, change nothing
  private static final String RECORD = "UPDATE deliveries SET first_delivered_at = ?, delivered_via = ?"
      + " WHERE seq = ? AND first_delivered_at IS NULL";

  /** How an item was handed to its recipient. */
  public enum Via {
    /** an inbox page or a long-poll answer */
    POLL("poll"),
    /** an SSE event written to the recipient's stream */
    SSE("sse"),
    /** a webhook answered 2xx */
    WEBHOOK("webhook"),
    /** an MCP tool result of the relay's own {@code /mcp} endpoint */
    MCP("mcp");

    private final String wire;

    Via(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }

  /** Notes taken by a batch, to give back if it does not commit. */
  record Taken(List<HandOver> notes) {
  }

  private record HandOver(long seq, Via via, long at) {
  }

  private final Queue<HandOver> noted = new ConcurrentLinkedQueue<>();

  /** Notes that the items {@code seqs} were handed to their recipient just now; returns at once. */
  public void handed(Via via, long... seqs) {
    long now = System.currentTimeMillis();
    for (long seq : seqs) {
      noted.add(new HandOver(seq, via, now));
    }
  }

  boolean anyNoted() {
    return !noted.isEmpty();
  }

  /** Writes a hand-over now, inside a command that already runs in the writer. */
  static void record(WriteContext tx, long seq, Via via) throws SQLException {
    record(tx, seq, via, tx.now());
  }

  /** A first hand-over is also the moment of a {@code delivery.delivered} notice, in the same batch. */
  private static void record(WriteContext tx, long seq, Via via, long at) throws SQLException {
    if (tx.update(RECORD, at, via.wire(), seq) > 0) {
      Notices.send(tx, seq, DeliveryTerms.DELIVERED);
    }
  }

  /** In the writer's batch: records every note taken so far; a note added meanwhile waits for the next batch. */
  Taken recordNoted(WriteContext tx) throws SQLException {
    List<HandOver> taken = new ArrayList<>();
    for (HandOver handOver = noted.poll(); handOver != null; handOver = noted.poll()) {
      taken.add(handOver);
    }
    Taken batch = new Taken(taken);
    try {
      for (HandOver handOver : taken) {
        record(tx, handOver.seq(), handOver.via(), handOver.at());
      }
    } catch (SQLException e) {
      giveBack(batch);
      throw e;
    }
    return batch;
  }

  /** The batch that took {@code taken} did not commit: its notes wait for the next one. */
  void giveBack(Taken taken) {
    noted.addAll(taken.notes());
  }
}
