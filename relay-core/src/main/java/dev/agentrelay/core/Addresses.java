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

  /** Every committed delivery is published here, for the push listeners of that one agent. */
  public static String inbox(String agentId) {
    return "relay.inbox." + agentId;
  }

  private Addresses() {
  }
}
