package dev.agentrelay.core.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** The events that become deliveries in an inbox. */
public enum EventType implements WireEnum {
  TASK_CREATED("task.created"),
  TASK_UPDATED("task.updated"),
  MESSAGE_NEW("message.new"),
  ARTIFACT_NEW("artifact.new"),
  BROADCAST("broadcast"),
  /** to a sender that asked for it: one of its deliveries was handed to its recipient for the first time */
  DELIVERY_DELIVERED("delivery.delivered"),
  /** to a sender that asked for it: one of its deliveries was acknowledged */
  DELIVERY_ACKED("delivery.acked"),
  /** to a sender that asked for it: one of its deliveries left the inbox unacknowledged at its expiry */
  DELIVERY_EXPIRED("delivery.expired");

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
