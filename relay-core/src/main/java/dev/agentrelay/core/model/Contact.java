package dev.agentrelay.core.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** How an agent is reached: {@code webhook_url} is set only for {@link ContactMethod#WEBHOOK}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Contact(
    @JsonProperty("method") ContactMethod method,
    @JsonProperty("webhook_url") String webhookUrl) {

  public static final Contact POLL = new Contact(ContactMethod.POLL, null);

  public Contact {
    method = method == null ? ContactMethod.POLL : method;
  }
}
