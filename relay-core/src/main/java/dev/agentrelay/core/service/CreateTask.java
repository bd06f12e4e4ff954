package dev.agentrelay.core.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.json.Fields;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Agent;
import dev.agentrelay.core.model.EventType;
import dev.agentrelay.core.model.Ids;
import dev.agentrelay.core.model.Part;
import dev.agentrelay.core.model.Priority;
import dev.agentrelay.core.model.Task;
import dev.agentrelay.core.model.TaskStatus;
import dev.agentrelay.core.model.Times;
import dev.agentrelay.core.store.AuditStore;
import dev.agentrelay.core.store.Deliveries;
import dev.agentrelay.core.store.DeliveryStore;
import dev.agentrelay.core.store.TaskStore;
import dev.agentrelay.core.bus.WriteCommand;
import dev.agentrelay.core.store.WriteContext;
import java.sql.SQLException;
import java.util.List;

/** Creates a task addressed to another agent and delivers {@code task.created} to it. */
public record CreateTask(Agent actor, String toAgent, String title, String description, Priority priority,
    String dueBy, ObjectNode metadata, List<Part> parts, String contextId) implements WriteCommand<Task> {

  /** Reads a {@code POST /tasks} body. */
  public static CreateTask parse(Agent actor, Fields body) {
    String priority = body.optionalText("priority", 16);
    return new CreateTask(actor,
        body.requiredText("to_agent", 64),
        body.requiredText("title", TaskInput.MAX_TITLE),
        body.optionalText("description", TaskInput.MAX_DESCRIPTION),
        priority == null ? Priority.NORMAL : Priority.parse("priority", priority),
        TaskInput.timestamp(body, "due_by"),
        body.optionalObject("metadata"),
        PartsInput.read(body, false),
        body.optionalText("context_id", TaskInput.MAX_ID));
  }

  @Override
  public Task apply(WriteContext tx) throws SQLException {
    Agent recipient = tx.agent(toAgent).orElseThrow(() -> RelayException.agentNotFound(toAgent)).agent();
    AccessPolicy.checkMaySend(actor, recipient);
    String now = Times.format(tx.now());
    Task task = new Task(Ids.next(Ids.TASK, tx.now()), contextId == null ? Ids.next(Ids.CONTEXT, tx.now()) : contextId,
        actor.agentId(), toAgent, title, description, parts, TaskStatus.SUBMITTED, priority, dueBy, metadata, now, now,
        null, null);
    TaskStore.insert(tx, task);
    List<DeliveryStore.Delivered> deliveries = List.of(
        DeliveryStore.deliver(tx, toAgent, EventType.TASK_CREATED, actor.agentId(), task.taskId(), task, null, null));
    AuditStore.record(tx, actor.agentId(), "task.created", "task", task.taskId(), task.taskId(),
        Deliveries.into(Json.object().put("to_agent", toAgent).put("priority", priority.wire()), deliveries), toAgent);
    return task;
  }
}
