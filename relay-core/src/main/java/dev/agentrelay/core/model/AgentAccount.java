package dev.agentrelay.core.model;

/** An agent with its credentials: the hash of its key and, for webhook agents, the signing secret. */
public record AgentAccount(Agent agent, String keyHash, String webhookSecret) {

  public String agentId() {
    return agent.agentId();
  }

  public AgentAccount withAgent(Agent updated) {
    return new AgentAccount(updated, keyHash, webhookSecret);
  }

  @Override
  public String toString() {
    return "AgentAccount[" + agent.agentId() + "]";
  }
}
