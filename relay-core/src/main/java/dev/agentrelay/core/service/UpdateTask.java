package dev.agentrelay.core.service;

import dev.agentrelay.core.Failure;
import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.json.Fields;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Agent;
import dev.agentrelay.core.model.EventType;
import dev.agentrelay.core.model.Ids;
import dev.agentrelay.core.model.Message;
import dev.agentrelay.core.model.MessageRole;
import dev.agentrelay.core.model.Part;
import dev.agentrelay.core.model.Task;
import dev.agentrelay.core.model.TaskStatus;
import dev.agentrelay.core.model.Times;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.store.AuditStore;
import dev.agentrelay.core.store.Deliveries;
import dev.agentrelay.core.store.DeliveryStore;
import dev.agentrelay.core.store.MessageStore;
import dev.agentrelay.core.store.TaskStore;
import dev.agentrelay.core.bus.WriteCommand;
import dev.agentrelay.core.store.WriteContext;
import java.sql.SQLException;
import java.util.List;

/**
 * Moves a task along its lifecycle, optionally with a text message, and delivers {@code task.updated}
 * to the other party. Illegal moves are 409; a legal move by the wrong party is 403.
 */
public record UpdateTask(Agent actor, String taskId, TaskStatus status, String message) implements WriteCommand<Task> {

  /** Reads a {@code PUT /tasks/{id}} body. */
  public static UpdateTask parse(Agent actor, String taskId, Fields body) {
    return new UpdateTask(actor, taskId, TaskStatus.parse("status", body.requiredText("status", 32)),
        body.optionalText("message", Integer.MAX_VALUE));
  }

  @Override
  public Task apply(WriteContext tx) throws SQLException {
    Task task = TaskInput.load(tx, taskId);
    AccessPolicy.checkMayUseTask(actor, task);
    checkMove(task);
    Task moved = task.withStatus(status, Times.format(tx.now()));
    TaskStore.updateStatus(tx, moved);
    Message note = message == null ? null : addMessage(tx, moved);
    List<DeliveryStore.Delivered> deliveries = TaskEvents.deliver(tx, moved, actor.agentId(), EventType.TASK_UPDATED,
        note, null);
    ObjectNode detail = Json.object().put("from", task.status().wire()).put("to", status.wire());
    if (note != null) {
      detail.put("message_id", note.messageId());
    }
    AuditStore.record(tx, actor.agentId(), "task.updated", "task", taskId, taskId, Deliveries.into(detail, deliveries),
        Deliveries.peer(deliveries));
    return moved;
  }

  private void checkMove(Task task) {
    if (!task.status().canMoveTo(status)) {
      throw new RelayException(Failure.CONFLICT, "invalid_transition", "task '" + taskId + "' cannot move from "
          + task.status().wire() + " to " + status.wire() + allowedMoves(task.status()));
    }
    boolean receiver = task.toAgent().equals(actor.agentId());
    boolean senderCancelling = task.fromAgent().equals(actor.agentId()) && status == TaskStatus.CANCELLED;
    if (!receiver && !senderCancelling && !actor.isTier1()) {
      throw RelayException.forbidden("only the receiver '" + task.toAgent() + "' may move task '" + taskId + "' to "
          + status.wire() + "; its sender may only cancel it");
    }
  }

  private static String allowedMoves(TaskStatus from) {
    if (from.isTerminal()) {
      return " (" + from.wire() + " is terminal)";
    }
    return " (allowed: " + String.join(", ", from.next().stream().map(TaskStatus::wire).toList()) + ")";
  }

  private Message addMessage(WriteContext tx, Task task) throws SQLException {
    Message note = new Message(Ids.next(Ids.MESSAGE, tx.now()), taskId, task.contextId(), actor.agentId(),
        task.otherParty(actor.agentId()), MessageRole.AGENT, List.of(Part.text(message)), Json.object(),
        Times.format(tx.now()));
    MessageStore.insert(tx, note);
    return note;
  }
}
