package dev.agentrelay.core.bus;

import dev.agentrelay.core.model.AgentAccount;
import dev.agentrelay.core.model.ContactMethod;
import java.util.Optional;

/** A webhook agent's URL and signing secret. Never printed whole. */
public record WebhookTarget(String url, String secret) {

  /** The target of {@code account}, if it is reached by webhook. */
  public static Optional<WebhookTarget> of(AgentAccount account) {
    if (account.agent().contact().method() != ContactMethod.WEBHOOK || account.webhookSecret() == null) {
      return Optional.empty();
    }
    return Optional.of(new WebhookTarget(account.agent().contact().webhookUrl(), account.webhookSecret()));
  }

  @Override
  public String toString() {
    return "WebhookTarget[" + url + "]";
  }
}
