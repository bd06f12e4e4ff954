package dev.agentrelay.core.store;

import dev.agentrelay.core.model.EventType;

/**
 * A committed delivery, as published on {@link dev.agentrelay.core.Addresses#DELIVERY_COMMITTED}.
 *
 * @param itemJson the InboxItem exactly as the inbox returns it
 */
public record DeliveryEvent(String agentId, long seq, String deliveryId, EventType event, String itemJson) {
}
