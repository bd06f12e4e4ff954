package dev.agentrelay.core.service;

import dev.agentrelay.core.Failure;
import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.model.AgentAccount;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Agent;
import dev.agentrelay.core.store.AgentStore;
import dev.agentrelay.core.store.AuditStore;
import dev.agentrelay.core.bus.WriteCommand;
import dev.agentrelay.core.store.WriteContext;
import java.sql.SQLException;

/**
 * Removes an agent; its key stops working when the batch commits. Its unacknowledged deliveries stay, so
 * an agent registered again under the same id finds them. The last tier-1 agent cannot be removed.
 */
public record DeleteAgent(Agent actor, String agentId) implements WriteCommand<Boolean> {

  @Override
  public Boolean apply(WriteContext tx) throws SQLException {
    AccessPolicy.checkSelfOrTier1(actor, agentId);
    AgentAccount account = tx.agent(agentId).orElseThrow(() -> RelayException.agentNotFound(agentId));
    if (account.agent().isTier1() && tier1Count(tx) == 1) {
      throw new RelayException(Failure.CONFLICT, "last_tier1_agent",
          "agent '" + agentId + "' is the last tier-1 agent; register another tier-1 agent first");
    }
    AgentStore.delete(tx, agentId);
    AuditStore.record(tx, actor.agentId(), "agent.deleted", "agent", agentId, null, Json.object());
    return Boolean.TRUE;
  }

  private static long tier1Count(WriteContext tx) {
    return tx.agents().stream().filter(a -> a.agent().isTier1()).count();
  }
}
