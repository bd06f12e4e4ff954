package dev.agentrelay.cluster;

import java.util.List;
import java.util.Map;

/**
 * How a node follows the deliveries that other nodes committed and acknowledged in its counts of what waits in each
 * inbox (the store's in-memory pending counts), so that every node shows the same numbers.
 */
@FunctionalInterface
public interface PendingUpdates {

  /** Seqs that entered inboxes ({@code delivered}) and left them ({@code acknowledged}), by agent. */
  void apply(Map<String, List<Long>> delivered, Map<String, List<Long>> acknowledged);
}
