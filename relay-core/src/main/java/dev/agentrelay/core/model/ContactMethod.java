package dev.agentrelay.core.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** How an agent wants its deliveries: polled, POSTed to a webhook, or streamed. */
public enum ContactMethod implements WireEnum {
  POLL("poll"),
  WEBHOOK("webhook"),
  SSE("sse");

  private final String wire;

  ContactMethod(String wire) {
    this.wire = wire;
  }

  @Override
  @JsonValue
  public String wire() {
    return wire;
  }

  public static ContactMethod parse(String field, String word) {
    return WireEnum.parse(ContactMethod.class, field, word);
  }
}
