package dev.agentrelay.core.bus;

import dev.agentrelay.core.model.EventType;

/**
 * A committed delivery, as published on {@link dev.agentrelay.core.bus.Addresses#WEBHOOK_DELIVERY_COMMITTED} and
 * {@link dev.agentrelay.core.bus.Addresses#inbox(String)}.
 *
 * @param itemJson the InboxItem exactly as the inbox returns it
 * @param webhook where to POST it, when the recipient was a webhook agent as the delivery was made
 * @param deliverAt when a scheduled delivery was due (epoch milliseconds), or null
 * @param expiresAt when the delivery leaves the inbox unacknowledged (epoch milliseconds), or null
 */
public record DeliveryEvent(String agentId, long seq, String deliveryId, EventType event, String fromAgent,
    String itemJson, WebhookTarget webhook, Long deliverAt, Long expiresAt) {
}
