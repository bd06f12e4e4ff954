package dev.agentrelay.core.store;

import dev.agentrelay.core.bus.PendingCounts;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The seqs of every unacknowledged delivery, per agent, in memory: the inbox index. Reading an inbox finds
 * its page here and fetches those rows by seq, so no per-agent index on disk takes a page in every commit.
 * Loaded at start; only the writer changes it, right after each commit.
 *
 * <p>On PostgreSQL inboxes are paged from the database's own index (every node sees the same), and this keeps only
 * the counts ({@link #countsOnly}): other nodes' commits reach it out of seq order, through the cluster's fan-out.
 */
public final class PendingDeliveries implements PendingCounts {

  private final ConcurrentHashMap<String, PendingSeqs> byAgent = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, AtomicLong> counts = new ConcurrentHashMap<>();
  private final AtomicLong total = new AtomicLong();
  private final boolean indexed;

  /** The inbox index with its counts. */
  public PendingDeliveries() {
    this(true);
  }

  private PendingDeliveries(boolean indexed) {
    this.indexed = indexed;
  }

  /** Counts only, for a store that pages inboxes from the database. */
  public static PendingDeliveries countsOnly() {
    return new PendingDeliveries(false);
  }

  @Override
  public long of(String agentId) {
    if (!indexed) {
      AtomicLong count = counts.get(agentId);
      return count == null ? 0 : count.get();
    }
    PendingSeqs seqs = byAgent.get(agentId);
    return seqs == null ? 0 : seqs.size();
  }

  @Override
  public long total() {
    return total.get();
  }

  /** Up to {@code limit} of the agent's pending seqs after {@code after}, ascending. */
  long[] after(String agentId, long after, int limit) {
    PendingSeqs seqs = byAgent.get(agentId);
    return seqs == null ? PendingSeqs.NONE : seqs.after(after, limit);
  }

  /** The agent's pending seqs up to and including {@code upTo}, ascending. */
  long[] upTo(String agentId, long upTo) {
    PendingSeqs seqs = byAgent.get(agentId);
    return seqs == null ? PendingSeqs.NONE : seqs.upTo(upTo);
  }

  void add(String agentId, long seq) {
    if (indexed) {
      byAgent.computeIfAbsent(agentId, id -> new PendingSeqs()).add(seq);
    } else {
      counts.computeIfAbsent(agentId, id -> new AtomicLong()).incrementAndGet();
    }
    total.incrementAndGet();
  }

  /** Applies a committed batch: its new deliveries (ascending seqs per agent), then its acknowledgements. */
  public void apply(Map<String, List<Long>> added, Map<String, List<Long>> acknowledged) {
    added.forEach((agentId, seqs) -> seqs.forEach(seq -> add(agentId, seq)));
    if (!indexed) {
      // each acknowledged seq was pending: the store reports only rows it moved out of the inbox
      acknowledged.forEach((agentId, seqs) -> {
        counts.computeIfAbsent(agentId, id -> new AtomicLong()).addAndGet(-seqs.size());
        total.addAndGet(-seqs.size());
      });
      return;
    }
    acknowledged.forEach((agentId, seqs) -> {
      PendingSeqs pending = byAgent.get(agentId);
      for (long seq : seqs) {
        if (pending != null && pending.remove(seq)) {
          total.decrementAndGet();
        }
      }
    });
  }
}
