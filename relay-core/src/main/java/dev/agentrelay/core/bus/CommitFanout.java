package dev.agentrelay.core.bus;

import java.util.List;
import java.util.Map;

/**
 * Where the store hands each commit's events besides its own node's bus: to the other nodes of a cluster, which
 * publish them again on theirs. A node that is not in a cluster uses {@link #NONE}.
 */
@FunctionalInterface
public interface CommitFanout {

  /** For a node alone: nothing leaves it. */
  CommitFanout NONE = (events, acknowledged, keysRevoked, webhookTargetsChanged, agentsChanged) -> {
  };

  /**
   * Called once per commit, in commit order, from one thread (the store's writer), after the commit's events were
   * published on this node; returns at once, without waiting for any other node.
   *
   * @param events the deliveries committed, as published on {@link Addresses#inbox(String)}
   * @param acknowledged the seqs the commit acknowledged or expired, by agent: with the events, what the other nodes'
   *     counts of pending deliveries ({@link PendingCounts}) must follow
   * @param keysRevoked agents whose key was rotated or who were removed ({@link Addresses#keyRevoked(String)})
   * @param webhookTargetsChanged agents whose webhook target changed ({@link Addresses#WEBHOOK_TARGET_CHANGED})
   * @param agentsChanged agents whose account changed in any way: the other nodes reload them before they publish
   *     this commit's notices
   */
  void committed(List<DeliveryEvent> events, Map<String, List<Long>> acknowledged, List<String> keysRevoked,
      List<String> webhookTargetsChanged, List<String> agentsChanged);
}
