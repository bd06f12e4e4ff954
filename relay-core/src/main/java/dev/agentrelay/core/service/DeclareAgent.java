package dev.agentrelay.core.service;

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
import java.util.Optional;

/**
 * Applies one agents-file entry: registers the agent if it is new, or brings an existing agent's profile in
 * line with the file, keeping its key, status and secret. A webhook agent without a webhook secret (one the
 * file just switched to webhooks) gets one: without it nothing is pushed to it. The answer holds the secrets
 * made, to be saved to files; they are shown nowhere else.
 */
public record DeclareAgent(Agent declared) implements WriteCommand<DeclareAgent.Made> {

  public static final String ACTOR = "agents-file";

  /** The key and webhook secret this declaration made for {@code agentId}, each null if none was made. */
  public record Made(String agentId, String apiKey, String webhookSecret) {
    @Override
    public String toString() {
      return "Made[" + agentId + ", secrets hidden]";
    }
  }

  @Override
  public Made apply(WriteContext tx) throws SQLException {
    Optional<AgentAccount> existing = tx.agent(declared.agentId());
    if (existing.isEmpty()) {
      Registration registration = RegisterAgent.withNewKey(ACTOR, declared).apply(tx);
      return new Made(declared.agentId(), registration.apiKey(), registration.webhookSecret());
    }
    Agent current = existing.get().agent();
    Agent updated = declared.keepingStateOf(current);
    boolean needsSecret = updated.contact().method() == ContactMethod.WEBHOOK
        && existing.get().webhookSecret() == null;
    String newSecret = needsSecret ? ApiKeys.newWebhookSecret() : null;
    if (!updated.sameProfileAs(current) || needsSecret) {
      AgentStore.update(tx, new AgentAccount(updated, existing.get().keyHash(),
          needsSecret ? newSecret : existing.get().webhookSecret()));
      AuditStore.record(tx, ACTOR, "agent.updated", "agent", current.agentId(), null,
          Json.object().put("trust_tier", updated.trustTier()));
    }
    return new Made(declared.agentId(), null, newSecret);
  }
}
