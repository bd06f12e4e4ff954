package dev.agentrelay.core.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** What an agent last said about itself. */
public enum AgentStatus implements WireEnum {
  ONLINE("online"),
  OFFLINE("offline"),
  BUSY("busy");

  private final String wire;

  AgentStatus(String wire) {
    this.wire = wire;
  }

  @Override
  @JsonValue
  public String wire() {
    return wire;
  }

  public static AgentStatus parse(String field, String word) {
    return WireEnum.parse(AgentStatus.class, field, word);
  }
}
