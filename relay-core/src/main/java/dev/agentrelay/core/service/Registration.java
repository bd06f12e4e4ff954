package dev.agentrelay.core.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.agentrelay.core.model.Agent;

/** The answer to a registration: the only time the key (and webhook secret) are shown. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Registration(
    @JsonProperty("agent") Agent agent,
    @JsonProperty("api_key") String apiKey,
    @JsonProperty("webhook_secret") String webhookSecret) {

  @Override
  public String toString() {
    return "Registration[" + agent.agentId() + "]";
  }
}
