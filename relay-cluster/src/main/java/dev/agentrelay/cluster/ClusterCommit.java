package dev.agentrelay.cluster;

import dev.agentrelay.core.bus.DeliveryEvent;
import java.util.List;
import java.util.Map;

/**
 * One commit of one node, as it travels to the other nodes: what that node's store published on its own bus, the
 * seqs it acknowledged or expired, and which agents changed.
 *
 * @param origin the id of the sending node's {@link ClusterFanout}, which drops its own commits
 */
record ClusterCommit(String origin, List<DeliveryEvent> events, Map<String, List<Long>> acknowledged,
    List<String> keysRevoked, List<String> webhookTargetsChanged, List<String> agentsChanged) {

  ClusterCommit {
    events = List.copyOf(events);
    acknowledged = Map.copyOf(acknowledged);
    keysRevoked = List.copyOf(keysRevoked);
    webhookTargetsChanged = List.copyOf(webhookTargetsChanged);
    agentsChanged = List.copyOf(agentsChanged);
  }

  boolean isEmpty() {
    return events.isEmpty() && acknowledged.isEmpty() && keysRevoked.isEmpty() && webhookTargetsChanged.isEmpty()
        && agentsChanged.isEmpty();
  }
}
