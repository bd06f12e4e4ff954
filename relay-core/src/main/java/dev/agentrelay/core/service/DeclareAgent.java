package dev.agentrelay.core.service;

import dev.agentrelay.core.auth.AgentAccount;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Agent;
import dev.agentrelay.core.store.AgentStore;
import dev.agentrelay.core.store.AuditStore;
import dev.agentrelay.core.store.WriteCommand;
import dev.agentrelay.core.store.WriteContext;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Applies one agents-file entry: registers the agent if it is new (the answer then holds its key), or
 * brings an existing agent's profile in line with the file, keeping its key, status and secret.
 */
public record DeclareAgent(Agent declared) implements WriteCommand<Optional<Registration>> {

  public static final String ACTOR = "agents-file";

  @Override
  public Optional<Registration> apply(WriteContext tx) throws SQLException {
    Optional<AgentAccount> existing = tx.agent(declared.agentId());
    if (existing.isEmpty()) {
      return Optional.of(RegisterAgent.withNewKey(ACTOR, declared).apply(tx));
    }
    Agent current = existing.get().agent();
    Agent updated = declared.keepingStateOf(current);
    if (!updated.sameProfileAs(current)) {
      AgentStore.update(tx, existing.get().withAgent(updated));
      AuditStore.record(tx, ACTOR, "agent.updated", "agent", current.agentId(), null,
          Json.object().put("trust_tier", updated.trustTier()));
    }
    return Optional.empty();
  }
}
