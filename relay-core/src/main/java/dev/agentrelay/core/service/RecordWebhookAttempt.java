package dev.agentrelay.core.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.store.AuditStore;
import dev.agentrelay.core.store.DeliveryStore;
import dev.agentrelay.core.bus.HandOvers;
import dev.agentrelay.core.bus.WriteCommand;
import dev.agentrelay.core.store.WriteContext;
import java.sql.SQLException;
import java.util.List;

/**
 * Audits one webhook attempt; a delivered attempt (a 2xx) also acknowledges the delivery, and is its first
 * hand-over unless it was read from the inbox before.
 *
 * @param outcome {@code delivered}, {@code retry} or {@code gave_up}
 * @param result the HTTP status, or the connection error
 */
public record RecordWebhookAttempt(String agentId, String deliveryId, String taskId, int attempt, String outcome,
    String result) implements WriteCommand<Boolean> {

  public static final String ACTOR = "relay";
  public static final String EVENT = "webhook.attempt";
  public static final String DELIVERED = "delivered";
  public static final String RETRY = "retry";
  public static final String GAVE_UP = "gave_up";

  @Override
  public Boolean apply(WriteContext tx) throws SQLException {
    ObjectNode detail = Json.object().put("delivery_id", deliveryId).put("attempt", attempt).put("outcome", outcome)
        .put("result", result);
    AuditStore.record(tx, ACTOR, EVENT, "agent", agentId, taskId, detail);
    if (DELIVERED.equals(outcome)) {
      DeliveryStore.handedOver(tx, agentId, deliveryId, HandOvers.Via.WEBHOOK);
      DeliveryStore.ack(tx, agentId, List.of(deliveryId));
    }
    return Boolean.TRUE;
  }
}
