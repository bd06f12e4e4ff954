package dev.agentrelay.core.store;

import java.util.ArrayList;
import java.util.List;

/**
 * What a commit changed in the agent directory that listeners elsewhere must hear of: agents whose API key
 * stopped working (rotated, or removed with the agent), and agents whose webhook target (URL and secret, or
 * being reached by webhook at all) changed; and every agent whose account changed in any way (other nodes of a
 * cluster reload those).
 */
record AgentChanges(List<String> keysRevoked, List<String> webhookTargetsChanged, List<String> changed) {

  static final AgentChanges NONE = new AgentChanges(List.of(), List.of(), List.of());

  AgentChanges plus(AgentChanges other) {
    return new AgentChanges(joined(keysRevoked, other.keysRevoked),
        joined(webhookTargetsChanged, other.webhookTargetsChanged), joined(changed, other.changed));
  }

  private static List<String> joined(List<String> one, List<String> other) {
    List<String> both = new ArrayList<>(one);
    both.addAll(other);
    return both;
  }
}
