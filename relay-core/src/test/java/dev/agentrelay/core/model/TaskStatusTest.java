package dev.agentrelay.core.model;

import static dev.agentrelay.core.model.TaskStatus.ACCEPTED;
import static dev.agentrelay.core.model.TaskStatus.CANCELLED;
import static dev.agentrelay.core.model.TaskStatus.COMPLETED;
import static dev.agentrelay.core.model.TaskStatus.FAILED;
import static dev.agentrelay.core.model.TaskStatus.INPUT_NEEDED;
import static dev.agentrelay.core.model.TaskStatus.REJECTED;
import static dev.agentrelay.core.model.TaskStatus.SUBMITTED;
import static dev.agentrelay.core.model.TaskStatus.WORKING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentrelay.core.RelayException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TaskStatusTest {

  /** API.md's lifecycle table, written out independently of the enum. */
  private static final Map<TaskStatus, Set<TaskStatus>> TABLE = Map.of(
      SUBMITTED, EnumSet.of(ACCEPTED, WORKING, REJECTED, CANCELLED),
      ACCEPTED, EnumSet.of(WORKING, REJECTED, CANCELLED),
      WORKING, EnumSet.of(INPUT_NEEDED, COMPLETED, FAILED, CANCELLED),
      INPUT_NEEDED, EnumSet.of(WORKING, COMPLETED, FAILED, CANCELLED),
      COMPLETED, EnumSet.noneOf(TaskStatus.class),
      FAILED, EnumSet.noneOf(TaskStatus.class),
      REJECTED, EnumSet.noneOf(TaskStatus.class),
      CANCELLED, EnumSet.noneOf(TaskStatus.class));

  @Test
  void allowsExactlyTheMovesOfTheLifecycleTable() {
    for (TaskStatus from : TaskStatus.values()) {
      for (TaskStatus to : TaskStatus.values()) {
        assertThat(from.canMoveTo(to)).as(from + " -> " + to).isEqualTo(TABLE.get(from).contains(to));
      }
    }
  }

  @Test
  void terminalStatesAreTheFourFinalOnes() {
    assertThat(EnumSet.allOf(TaskStatus.class).stream().filter(TaskStatus::isTerminal))
        .containsExactlyInAnyOrder(COMPLETED, FAILED, REJECTED, CANCELLED);
  }

  @Test
  void mapsToA2aStates() {
    assertThat(SUBMITTED.a2a()).isEqualTo("SUBMITTED");
    assertThat(ACCEPTED.a2a()).isEqualTo("SUBMITTED");
    assertThat(INPUT_NEEDED.a2a()).isEqualTo("INPUT_REQUIRED");
    assertThat(CANCELLED.a2a()).isEqualTo("CANCELED");
  }

  @Test
  void parsesWireWordsAndRefusesOthersNamingTheChoices() {
    assertThat(TaskStatus.parse("status", "input_needed")).isEqualTo(INPUT_NEEDED);
    assertThatThrownBy(() -> TaskStatus.parse("status", "done"))
        .isInstanceOf(RelayException.class)
        .hasMessageContaining("'status' must be one of: submitted, accepted");
  }
}
