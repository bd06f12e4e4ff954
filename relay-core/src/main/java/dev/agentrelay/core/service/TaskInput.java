package dev.agentrelay.core.service;

import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.json.Fields;
import dev.agentrelay.core.model.Times;
import dev.agentrelay.core.store.TaskStore;
import dev.agentrelay.core.store.WriteContext;
import dev.agentrelay.core.model.Task;
import java.sql.SQLException;

/** Shared reading and checking for the commands that act on an existing task. */
final class TaskInput {

  static final int MAX_TITLE = 500;
  static final int MAX_DESCRIPTION = 100_000;
  static final int MAX_ID = 128;

  private TaskInput() {
  }

  /** The task, or 404. */
  static Task load(WriteContext tx, String taskId) throws SQLException {
    return TaskStore.find(tx, taskId).orElseThrow(() -> RelayException.taskNotFound(taskId));
  }

  /** Terminal tasks are frozen: nothing more is added to them. */
  static void checkOpen(Task task) {
    if (task.status().isTerminal()) {
      throw new RelayException(dev.agentrelay.core.Failure.CONFLICT, "task_closed",
          "task '" + task.taskId() + "' is " + task.status().wire() + "; a closed task takes no more messages,"
              + " artifacts or moves");
    }
  }

  /** An RFC 3339 timestamp, normalised to UTC milliseconds; 422 otherwise. */
  static String timestamp(Fields body, String field) {
    String text = body.optionalText(field, 64);
    if (text == null) {
      return null;
    }
    return Times.format(Times.parse(text).orElseThrow(() ->
        RelayException.invalid("'" + field + "' must be an RFC 3339 timestamp such as 2026-11-24T22:31:05.123Z")));
  }
}
