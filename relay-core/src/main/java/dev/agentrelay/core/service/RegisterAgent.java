package dev.agentrelay.core.service;

import dev.agentrelay.core.Failure;
import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.model.AgentAccount;
import dev.agentrelay.core.auth.ApiKeys;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Agent;
import dev.agentrelay.core.model.ContactMethod;
import dev.agentrelay.core.store.AgentStore;
import dev.agentrelay.core.store.AuditStore;
import dev.agentrelay.core.bus.WriteCommand;
import dev.agentrelay.core.store.WriteContext;
import java.sql.SQLException;

/**
 * Registers a new agent with a fresh key (or the given one, for the bootstrap admin). 409 if the id exists.
 *
 * @param actorId who registers it (for the audit log)
 */
public record RegisterAgent(String actorId, Agent agent, String apiKey) implements WriteCommand<Registration> {

  /** A registration with a new random key. */
  public static RegisterAgent withNewKey(String actorId, Agent agent) {
    return new RegisterAgent(actorId, agent, ApiKeys.newKey());
  }

  @Override
  public Registration apply(WriteContext tx) throws SQLException {
    if (tx.agent(agent.agentId()).isPresent()) {
      throw new RelayException(Failure.CONFLICT, "agent_exists", "agent '" + agent.agentId() + "' already exists");
    }
    String secret = agent.contact().method() == ContactMethod.WEBHOOK ? ApiKeys.newWebhookSecret() : null;
    AgentStore.insert(tx, new AgentAccount(agent, ApiKeys.hash(apiKey), secret));
    AuditStore.record(tx, actorId, "agent.registered", "agent", agent.agentId(), null,
        Json.object().put("trust_tier", agent.trustTier()).put("contact_method", agent.contact().method().wire()));
    return new Registration(agent, apiKey, secret);
  }

  @Override
  public String toString() {
    return "RegisterAgent[" + agent.agentId() + "]";
  }
}
