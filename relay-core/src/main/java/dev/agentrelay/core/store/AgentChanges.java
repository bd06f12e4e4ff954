package dev.agentrelay.core.store;

import java.util.ArrayList;
import java.util.List;

/**
 * What a commit changed in the agent directory that listeners elsewhere must hear of: agents whose API key
 * stopped working (rotated, or removed with the agent), and agents whose webhook target (URL and secret, or
 * being reached by webhook at all) changed.
 */
record AgentChanges(List<String> keysRevoked, List<String> webhookTargetsChanged) {

  static final AgentChanges NONE = new AgentChanges(List.of(), List.of());

  AgentChanges plus(AgentChanges other) {
    List<String> keys = new ArrayList<>(keysRevoked);
    keys.addAll(other.keysRevoked);
    List<String> webhooks = new ArrayList<>(webhookTargetsChanged);
    webhooks.addAll(other.webhookTargetsChanged);
    return new AgentChanges(keys, webhooks);
  }
}
