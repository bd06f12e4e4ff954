package dev.agentrelay.core.store;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The first hand-over of each delivery to its recipient, for its receipt. A read path only notes a hand-over
 * here, in memory, and never waits: the notes go to disk in the writer's next group commit, all of them in one
 * command, which at most one at a time is queued for. However many pages, long-polls and SSE events go out,
 * they cost the writer one command per batch, not one write per read.
 */
public final class HandOvers {

  private static final Logger LOG = Logger.getLogger(HandOvers.class.getName());
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

  private record HandOver(long seq, Via via, long at) {
  }

  private final StoreClient store;
  private final Queue<HandOver> noted = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean writeQueued = new AtomicBoolean();

  public HandOvers(StoreClient store) {
    this.store = store;
  }

  /** Notes that the items {@code seqs} were handed to their recipient just now; returns at once. */
  public void handed(Via via, long... seqs) {
    long now = System.currentTimeMillis();
    for (long seq : seqs) {
      noted.add(new HandOver(seq, via, now));
    }
    if (seqs.length > 0 && writeQueued.compareAndSet(false, true)) {
      Write write = new Write();
      store.write(write).onFailure(failure -> {
        // kept for the next write: a full disk or a stopping store must not lose them while the relay runs
        noted.addAll(write.taken == null ? List.of() : write.taken);
        writeQueued.set(false);
        LOG.log(Level.FINE, "hand-overs not recorded yet", failure);
      });
    }
  }

  /** Writes a hand-over now, inside a command that already runs in the writer. */
  static void record(WriteContext tx, long seq, Via via) throws SQLException {
    tx.update(RECORD, tx.now(), via.wire(), seq);
  }

  /** Records every hand-over noted until it runs; keeps what it took if the batch is run again singly. */
  private final class Write implements WriteCommand<Integer> {

    private List<HandOver> taken;

    @Override
    public Integer apply(WriteContext tx) throws SQLException {
      if (taken == null) {
        // cleared before taking: a note added meanwhile either is taken here or queues the next write
        writeQueued.set(false);
        taken = new ArrayList<>();
        for (HandOver handOver = noted.poll(); handOver != null; handOver = noted.poll()) {
          taken.add(handOver);
        }
      }
      int recorded = 0;
      for (HandOver handOver : taken) {
        recorded += tx.update(RECORD, handOver.at(), handOver.via().wire(), handOver.seq());
      }
      return recorded;
    }
  }
}
