package dev.agentrelay.core.service;

import dev.agentrelay.core.model.AgentAccount;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Agent;
import dev.agentrelay.core.model.Contact;
import dev.agentrelay.core.model.ContactMethod;
import dev.agentrelay.core.model.Times;
import dev.agentrelay.core.store.AgentStore;
import dev.agentrelay.core.store.AuditStore;
import dev.agentrelay.core.bus.WriteCommand;
import dev.agentrelay.core.store.WriteContext;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The endpoint answered 410 Gone: the agent is switched to polling (its deliveries stay in its inbox) and
 * the change is audited with the URL it had.
 */
public record DisableWebhook(String agentId, String reason) implements WriteCommand<Boolean> {

  public static final String EVENT = "webhook.disabled";

  @Override
  public Boolean apply(WriteContext tx) throws SQLException {
    Optional<AgentAccount> account = tx.agent(agentId);
    if (account.isEmpty() || account.get().agent().contact().method() != ContactMethod.WEBHOOK) {
      return Boolean.FALSE;
    }
    Agent agent = account.get().agent();
    Agent polling = new Agent(agent.agentId(), agent.name(), agent.description(), agent.version(),
        agent.capabilities(), agent.trustTier(), new Contact(ContactMethod.POLL, null), agent.permissions(),
        agent.status(), agent.lastSeen(), agent.metadata(), agent.registeredAt(), Times.format(tx.now()));
    AgentStore.update(tx, account.get().withAgent(polling));
    AuditStore.record(tx, RecordWebhookAttempt.ACTOR, EVENT, "agent", agentId, null,
        Json.object().put("webhook_url", agent.contact().webhookUrl()).put("reason", reason));
    return Boolean.TRUE;
  }
}
