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
 */
public final class PendingDeliveries implements PendingCounts {

  private final ConcurrentHashMap<String, PendingSeqs> byAgent = new ConcurrentHashMap<>();
  private final AtomicLong total = new AtomicLong();

  @Override
  public long of(String agentId) {
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
    byAgent.computeIfAbsent(agentId, id -> new PendingSeqs()).add(seq);
    total.incrementAndGet();
  }

  /** Applies a committed batch: its new deliveries (ascending seqs per agent), then its acknowledgements. */
  void apply(Map<String, List<Long>> added, Map<String, List<Long>> acknowledged) {
    added.forEach((agentId, seqs) -> seqs.forEach(seq -> add(agentId, seq)));
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
