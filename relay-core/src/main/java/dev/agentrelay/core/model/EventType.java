package dev.agentrelay.core.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** The events that become deliveries in an inbox. */
public enum EventType implements WireEnum {
  TASK_CREATED("task.created"),
  TASK_UPDATED("task.updated"),
  MESSAGE_NEW("message.new"),
  ARTIFACT_NEW("artifact.new"),
  BROADCAST("broadcast");

  private final String wire;

  EventType(String wire) {
    this.wire = wire;
  }

  @Override
  @JsonValue
  public String wire() {
    return wire;
  }

  public static EventType parse(String field, String word) {
    return WireEnum.parse(EventType.class, field, word);
  }
}
