package dev.agentrelay.core.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import dev.agentrelay.core.model.Times;
import dev.agentrelay.core.store.AuditStore;
import dev.agentrelay.core.store.Deliveries;
import dev.agentrelay.core.store.DeliveryStore;
import dev.agentrelay.core.store.MessageStore;
import dev.agentrelay.core.bus.WriteCommand;
import dev.agentrelay.core.store.WriteContext;
import java.sql.SQLException;
import java.util.List;

/**
 * Sends a message into a task's thread (to its other party) or directly to an agent, and delivers
 * {@code message.new}.
 */
public record SendMessage(Agent actor, String taskId, String toAgent, List<Part> parts, String contextId,
    ObjectNode metadata) implements WriteCommand<Message> {

  /** Reads a {@code POST /messages} body: exactly one of task_id and to_agent. */
  public static SendMessage parse(Agent actor, Fields body) {
    String taskId = body.optionalText("task_id", TaskInput.MAX_ID);
    String toAgent = body.optionalText("to_agent", 64);
    if ((taskId == null) == (toAgent == null)) {
      throw RelayException.invalid("give exactly one of 'task_id' (a reply in a task) and 'to_agent' (a direct message)");
    }
    return new SendMessage(actor, taskId, toAgent, PartsInput.read(body, true),
        body.optionalText("context_id", TaskInput.MAX_ID), body.optionalObject("metadata"));
  }

  @Override
  public Message apply(WriteContext tx) throws SQLException {
    return taskId != null ? inTask(tx) : direct(tx);
  }

  private Message inTask(WriteContext tx) throws SQLException {
    Task task = TaskInput.load(tx, taskId);
    AccessPolicy.checkMayUseTask(actor, task);
    TaskInput.checkOpen(task);
    String recipient = task.isParty(actor.agentId()) ? task.otherParty(actor.agentId()) : task.toAgent();
    Message message = message(tx, recipient, task.contextId());
    MessageStore.insert(tx, message);
    audit(tx, message, TaskEvents.deliver(tx, task, actor.agentId(), EventType.MESSAGE_NEW, message, null));
    return message;
  }

  private Message direct(WriteContext tx) throws SQLException {
    Agent recipient = tx.agent(toAgent).orElseThrow(() -> RelayException.agentNotFound(toAgent)).agent();
    AccessPolicy.checkMaySend(actor, recipient);
    // stored once, in its delivery row: a direct message has no thread to join
    Message message = message(tx, toAgent, contextId == null ? Ids.next(Ids.CONTEXT, tx.now()) : contextId);
    audit(tx, message, List.of(
        DeliveryStore.deliver(tx, toAgent, EventType.MESSAGE_NEW, actor.agentId(), null, null, message, null)));
    return message;
  }

  private Message message(WriteContext tx, String recipient, String context) {
    return new Message(Ids.next(Ids.MESSAGE, tx.now()), taskId, context, actor.agentId(), recipient,
        MessageRole.AGENT, parts, metadata, Times.format(tx.now()));
  }

  private void audit(WriteContext tx, Message message, List<DeliveryStore.Delivered> deliveries) throws SQLException {
    AuditStore.record(tx, actor.agentId(), "message.sent", "message", message.messageId(), taskId,
        Deliveries.into(Json.object().put("to_agent", message.toAgent()), deliveries), Deliveries.peer(deliveries));
  }
}
