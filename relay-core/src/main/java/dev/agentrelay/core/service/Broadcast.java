package dev.agentrelay.core.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.json.Fields;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Agent;
import dev.agentrelay.core.model.EventType;
import dev.agentrelay.core.model.Ids;
import dev.agentrelay.core.model.Message;
import dev.agentrelay.core.model.MessageRole;
import dev.agentrelay.core.model.Part;
import dev.agentrelay.core.model.Times;
import dev.agentrelay.core.store.AuditStore;
import dev.agentrelay.core.store.Deliveries;
import dev.agentrelay.core.store.DeliveryStore;
import dev.agentrelay.core.store.MessageStore;
import dev.agentrelay.core.bus.WriteCommand;
import dev.agentrelay.core.store.WriteContext;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Sends one message to every agent the sender may reach (tier 1: everyone else; tier 2: its can_send_to
 * that accept it). The message is stored once with {@code to_agent} "*"; its id is the broadcast id.
 */
public record Broadcast(Agent actor, List<Part> parts, ObjectNode metadata) implements WriteCommand<Broadcast.Sent> {

  /** The answer: the broadcast's id and how many inboxes it reached. */
  public record Sent(@JsonProperty("broadcast_id") String broadcastId, @JsonProperty("recipients") int recipients) {
  }

  /** Reads a {@code POST /broadcast} body. */
  public static Broadcast parse(Agent actor, Fields body) {
    return new Broadcast(actor, PartsInput.read(body, true), body.optionalObject("metadata"));
  }

  @Override
  public Sent apply(WriteContext tx) throws SQLException {
    AccessPolicy.checkMayBroadcast(actor);
    List<Agent> recipients = tx.agents().stream().map(a -> a.agent())
        .filter(recipient -> AccessPolicy.broadcastReaches(actor, recipient))
        .sorted(Comparator.comparing(Agent::agentId)).toList();
    Message message = new Message(Ids.next(Ids.MESSAGE, tx.now()), null, Ids.next(Ids.CONTEXT, tx.now()),
        actor.agentId(), "*", MessageRole.AGENT, parts, metadata, Times.format(tx.now()));
    MessageStore.insert(tx, message);
    List<DeliveryStore.Delivered> deliveries = new ArrayList<>(recipients.size());
    for (Agent recipient : recipients) {
      deliveries.add(DeliveryStore.deliver(tx, recipient.agentId(), EventType.BROADCAST, actor.agentId(), null, null,
          message, null));
    }
    AuditStore.record(tx, actor.agentId(), "broadcast.sent", "message", message.messageId(), null,
        Deliveries.into(Json.object().put("recipients", recipients.size()), deliveries), Deliveries.peer(deliveries));
    return new Sent(message.messageId(), recipients.size());
  }
}
