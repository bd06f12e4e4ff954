package dev.agentrelay.core.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Unacknowledged deliveries per agent, kept in memory so that reading an inbox never counts a long queue.
 * Loaded at start; the writer adjusts it right after each commit.
 */
public final class PendingCounts {

  private final ConcurrentHashMap<String, AtomicLong> byAgent = new ConcurrentHashMap<>();
  private final AtomicLong total = new AtomicLong();

  public long of(String agentId) {
    AtomicLong count = byAgent.get(agentId);
    return count == null ? 0 : count.get();
  }

  public long total() {
    return total.get();
  }

  void add(String agentId, long delta) {
    byAgent.computeIfAbsent(agentId, id -> new AtomicLong()).addAndGet(delta);
    total.addAndGet(delta);
  }

  void addAll(Map<String, Long> deltas) {
    deltas.forEach(this::add);
  }
}
