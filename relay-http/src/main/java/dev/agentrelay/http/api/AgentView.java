package dev.agentrelay.http.api;

import dev.agentrelay.core.model.Agent;
import dev.agentrelay.core.model.Contact;

/**
 * An agent's profile as one caller may see it: {@code contact.webhook_url} only for the agent itself and
 * tier 1, since such URLs often carry a token.
 */
final class AgentView {

  private AgentView() {
  }

  static Agent seenBy(Agent viewer, Agent agent) {
    Contact contact = agent.contact();
    if (contact.webhookUrl() == null || viewer.isTier1() || viewer.agentId().equals(agent.agentId())) {
      return agent;
    }
    return new Agent(agent.agentId(), agent.name(), agent.description(), agent.version(), agent.capabilities(),
        agent.trustTier(), new Contact(contact.method(), null), agent.permissions(), agent.status(),
        agent.lastSeen(), agent.metadata(), agent.registeredAt(), agent.updatedAt());
  }
}
