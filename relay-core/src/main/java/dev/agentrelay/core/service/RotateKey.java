package dev.agentrelay.core.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
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
 * Gives an agent a new key, and a webhook agent a new signing secret when asked; the old ones stop working
 * when the batch commits.
 */
public record RotateKey(Agent actor, String agentId, String newKey, boolean rotateWebhookSecret)
    implements WriteCommand<RotateKey.NewKey> {

  /** The new key (and secret), shown once. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record NewKey(@JsonProperty("api_key") String apiKey,
      @JsonProperty("webhook_secret") String webhookSecret) {
    @Override
    public String toString() {
      return "NewKey[hidden]";
    }
  }

  public RotateKey(Agent actor, String agentId, boolean rotateWebhookSecret) {
    this(actor, agentId, ApiKeys.newKey(), rotateWebhookSecret);
  }

  @Override
  public NewKey apply(WriteContext tx) throws SQLException {
    AccessPolicy.checkSelfOrTier1(actor, agentId);
    AgentAccount account = tx.agent(agentId).orElseThrow(() -> RelayException.agentNotFound(agentId));
    String secret = rotateWebhookSecret ? newSecretFor(account) : account.webhookSecret();
    AgentStore.update(tx, new AgentAccount(account.agent(), ApiKeys.hash(newKey), secret));
    AuditStore.record(tx, actor.agentId(), "agent.key_rotated", "agent", agentId, null,
        Json.object().put("webhook_secret_rotated", rotateWebhookSecret));
    return new NewKey(newKey, rotateWebhookSecret ? secret : null);
  }

  private String newSecretFor(AgentAccount account) {
    if (account.agent().contact().method() != ContactMethod.WEBHOOK) {
      throw RelayException.invalid("agent '" + agentId + "' is not a webhook agent: it has no webhook secret");
    }
    return ApiKeys.newWebhookSecret();
  }

  @Override
  public String toString() {
    return "RotateKey[" + agentId + "]";
  }
}
