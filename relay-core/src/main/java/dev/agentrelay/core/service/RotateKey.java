package dev.agentrelay.core.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.auth.AgentAccount;
import dev.agentrelay.core.auth.ApiKeys;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Agent;
import dev.agentrelay.core.store.AgentStore;
import dev.agentrelay.core.store.AuditStore;
import dev.agentrelay.core.store.WriteCommand;
import dev.agentrelay.core.store.WriteContext;
import java.sql.SQLException;

/** Gives an agent a new key; the old one stops working when the batch commits. */
public record RotateKey(Agent actor, String agentId, String newKey) implements WriteCommand<RotateKey.NewKey> {

  /** The new key, shown once. */
  public record NewKey(@JsonProperty("api_key") String apiKey) {
    @Override
    public String toString() {
      return "NewKey[hidden]";
    }
  }

  public RotateKey(Agent actor, String agentId) {
    this(actor, agentId, ApiKeys.newKey());
  }

  @Override
  public NewKey apply(WriteContext tx) throws SQLException {
    AccessPolicy.checkSelfOrTier1(actor, agentId);
    AgentAccount account = tx.agent(agentId).orElseThrow(() -> RelayException.agentNotFound(agentId));
    AgentStore.update(tx, account.withKeyHash(ApiKeys.hash(newKey)));
    AuditStore.record(tx, actor.agentId(), "agent.key_rotated", "agent", agentId, null, Json.object());
    return new NewKey(newKey);
  }

  @Override
  public String toString() {
    return "RotateKey[" + agentId + "]";
  }
}
