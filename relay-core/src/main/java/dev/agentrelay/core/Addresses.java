package dev.agentrelay.core;

/**
 * Every event-bus address the relay uses. No other class spells an address.
 */
public final class Addresses {

  /** Write commands for the store verticle; answered after the batch holding them commits. */
  public static final String STORE_WRITE = "relay.store.write";

  /** Read queries for the store verticle. */
  public static final String STORE_READ = "relay.store.read";

  /**
   * Published once per delivery to an agent with a webhook, after the batch that created it is on disk.
   * Body: {@code DeliveryEvent}.
   */
  public static final String WEBHOOK_DELIVERY_COMMITTED = "relay.webhook.delivery.committed";

  /**
   * Published after a commit that changed how an agent is reached by webhook: it became or stopped being a
   * webhook agent, or its URL or signing secret changed (body: the agent id).
   */
  public static final String WEBHOOK_TARGET_CHANGED = "relay.webhook.target.changed";

  /**
   * Every committed delivery is also published here while relay-wide listeners exist (counted in
   * {@code RelayCounters.deliveryStreams}): {@code GET /deliveries/stream}. Body: {@code DeliveryEvent}.
   */
  public static final String DELIVERIES_COMMITTED = "relay.deliveries.committed";

  /** Every committed delivery is published here, for the push listeners of that one agent. */
  public static String inbox(String agentId) {
    return "relay.inbox." + agentId;
  }

  /**
   * Published after a commit that rotated the agent's API key or removed the agent (body: the agent id), so
   * that the streams and long-polls its old key opened stop.
   */
  public static String keyRevoked(String agentId) {
    return "relay.key.revoked." + agentId;
  }

  private Addresses() {
  }
}
