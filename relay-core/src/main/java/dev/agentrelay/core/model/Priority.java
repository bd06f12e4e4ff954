package dev.agentrelay.core.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** How urgent a task is. */
public enum Priority implements WireEnum {
  LOW("low"),
  NORMAL("normal"),
  HIGH("high"),
  URGENT("urgent");

  private final String wire;

  Priority(String wire) {
    this.wire = wire;
  }

  @Override
  @JsonValue
  public String wire() {
    return wire;
  }

  public static Priority parse(String field, String word) {
    return WireEnum.parse(Priority.class, field, word);
  }
}
