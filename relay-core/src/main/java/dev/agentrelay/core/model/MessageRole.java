package dev.agentrelay.core.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** Who wrote a message: an agent, or the relay itself. */
public enum MessageRole implements WireEnum {
  AGENT("agent"),
  SYSTEM("system");

  private final String wire;

  MessageRole(String wire) {
    this.wire = wire;
  }

  @Override
  @JsonValue
  public String wire() {
    return wire;
  }

  public static MessageRole parse(String field, String word) {
    return WireEnum.parse(MessageRole.class, field, word);
  }
}
