package dev.agentrelay.core.store;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * How a send audits the deliveries it made: one audit row per send, whose detail lists each delivery
 * ({@code delivery_id}, {@code to_agent}, {@code seq}) and whose peer is the one recipient, if there is one.
 */
public final class Deliveries {

  private Deliveries() {
  }

  /** Adds {@code deliveries} to {@code detail} and answers it. */
  public static ObjectNode into(ObjectNode detail, List<DeliveryStore.Delivered> deliveries) {
    ArrayNode list = detail.putArray("deliveries");
    for (DeliveryStore.Delivered delivered : deliveries) {
      list.addObject().put("delivery_id", delivered.deliveryId()).put("to_agent", delivered.agentId())
          .put("seq", delivered.seq());
    }
    return detail;
  }

  /** The single recipient of a send, or null when it reached none or several. */
  public static String peer(List<DeliveryStore.Delivered> deliveries) {
    return deliveries.size() == 1 ? deliveries.get(0).agentId() : null;
  }
}
