package dev.agentrelay.core.bus;

/**
 * How many deliveries are waiting for acknowledgement, as the store keeps count in memory: what the HTTP edge
 * reads for inbox pages, long-poll answers and the stats, without a query.
 */
public interface PendingCounts {

  /** How many deliveries {@code agentId} has not acknowledged. */
  long of(String agentId);

  /** How many deliveries no agent has acknowledged yet. */
  long total();
}
