package dev.agentrelay.core.service;

import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.model.AgentAccount;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Agent;
import dev.agentrelay.core.model.AgentStatus;
import dev.agentrelay.core.model.Times;
import dev.agentrelay.core.store.AgentStore;
import dev.agentrelay.core.store.AuditStore;
import dev.agentrelay.core.bus.WriteCommand;
import dev.agentrelay.core.store.WriteContext;
import java.sql.SQLException;

/** Records that an agent is alive and what it says its status is; a change of status is audited. */
public record Heartbeat(Agent actor, String agentId, AgentStatus status) implements WriteCommand<Agent> {

  @Override
  public Agent apply(WriteContext tx) throws SQLException {
    AccessPolicy.checkSelfOrTier1(actor, agentId);
    AgentAccount account = tx.agent(agentId).orElseThrow(() -> RelayException.agentNotFound(agentId));
    Agent before = account.agent();
    Agent after = before.withStatus(status, Times.format(tx.now()));
    AgentStore.update(tx, account.withAgent(after));
    if (before.status() != status) {
      AuditStore.record(tx, actor.agentId(), "agent.status_changed", "agent", agentId, null,
          Json.object().put("from", before.status().wire()).put("to", status.wire()));
    }
    return after;
  }
}
