package dev.agentrelay.core.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.EnumSet;
import java.util.Set;

/** The task lifecycle, with the moves API.md allows. Terminal states allow none. */
public enum TaskStatus implements WireEnum {
  SUBMITTED("submitted", "SUBMITTED"),
  ACCEPTED("accepted", "SUBMITTED"),
  WORKING("working", "WORKING"),
  INPUT_NEEDED("input_needed", "INPUT_REQUIRED"),
  COMPLETED("completed", "COMPLETED"),
  FAILED("failed", "FAILED"),
  REJECTED("rejected", "REJECTED"),
  CANCELLED("cancelled", "CANCELED");

  private final String wire;
  private final String a2a;

  TaskStatus(String wire, String a2a) {
    this.wire = wire;
    this.a2a = a2a;
  }

  @Override
  @JsonValue
  public String wire() {
    return wire;
  }

  /** The A2A TaskState this status maps to. */
  public String a2a() {
    return a2a;
  }

  public Set<TaskStatus> next() {
    switch (this) {
      case SUBMITTED:
        return EnumSet.of(ACCEPTED, WORKING, REJECTED, CANCELLED);
      case ACCEPTED:
        return EnumSet.of(WORKING, REJECTED, CANCELLED);
      case WORKING:
      case INPUT_NEEDED:
        return EnumSet.of(this == WORKING ? INPUT_NEEDED : WORKING, COMPLETED, FAILED, CANCELLED);
      default:
        return EnumSet.noneOf(TaskStatus.class);
    }
  }

  public boolean canMoveTo(TaskStatus target) {
    return next().contains(target);
  }

  public boolean isTerminal() {
    return next().isEmpty();
  }

  public static TaskStatus parse(String field, String word) {
    return WireEnum.parse(TaskStatus.class, field, word);
  }
}
