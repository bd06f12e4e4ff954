package dev.agentrelay.core.bus;

/**
 * Every event-bus address the relay uses. No other class spells an address.
 */
public final class Addresses {

  /**
   * Write commands for the store ({@link WriteCommand}, codec {@link BusCodecs#WRITE}); each is answered with a
   * {@link StoreReply} after the batch holding it commits. Send them with {@link StoreClient#write}.
   *
   * <p>No consumer is registered at this address. The SQLite store takes each write off the bus with an
   * outbound interceptor, on the sender's own thread, and puts it straight into its writer's queue; a consumer
   * would first hand every write to the store verticle's event loop, one thread hand-off more per write: +9%
   * sends/s for the interceptor in interleaved runs on 2 cores (docs/BENCHMARKS.md, "Writes taken on the
   * sender's thread"). The write is still a request: its reply
   * goes back through the bus as any reply does, its timeout is the bus's, and once the store has stopped (its
   * interceptor removed) a write fails with {@code NO_HANDLERS}, which {@link StoreClient} answers as 503.
   * So a sender must be in the store's Vert.x instance ({@link BusCodecs} marks every message local-only),
   * and a second store implementation may take writes with an interceptor or a plain consumer alike.
   */
  public static final String STORE_WRITE = "relay.store.write";

  /**
   * Read queries for the store ({@link StoreQuery}, codec {@link BusCodecs#QUERY}), answered with a
   * {@link StoreReply} by a plain consumer that runs them on the reader pool. Send them with
   * {@link StoreClient#read}.
   */
  public static final String STORE_READ = "relay.store.read";

  /**
   * Published once per delivery to an agent with a webhook, after the batch that created it is on disk.
   * Body: {@link DeliveryEvent} (codec {@link BusCodecs#DELIVERY}).
   */
  public static final String WEBHOOK_DELIVERY_COMMITTED = "relay.webhook.delivery.committed";

  /**
   * Published after a commit that changed how an agent is reached by webhook: it became or stopped being a
   * webhook agent, or its URL or signing secret changed (body: the agent id).
   */
  public static final String WEBHOOK_TARGET_CHANGED = "relay.webhook.target.changed";

  /**
   * Published (local only) by the store with a Boolean once it knows whether this node holds the dispatch role
   * (webhooks and A2A push notifications), and again whenever that changes: among nodes on one PostgreSQL database
   * one dispatches at a time; alone, this node always does.
   */
  public static final String WEBHOOK_DISPATCH_ROLE = "relay.webhook.dispatch.role";

  /**
   * Asks the node that holds the dispatch role to push the updates of an A2A task that got a push config (sent
   * across the cluster). Body: a JSON object with {@code task_id}, {@code from_agent} and {@code to_agent}; the
   * empty reply comes once an update committed after it will be pushed. No handler while no node holds the role:
   * the next holder follows every open task that has configs when it takes the role.
   */
  public static final String A2A_PUSH_FOLLOW = "relay.a2a.push.follow";

  /**
   * Every committed delivery is also published here while relay-wide listeners exist (counted in
   * {@code RelayCounters.deliveryStreams}): {@code GET /deliveries/stream}. Body: {@code DeliveryEvent}.
   */
  public static final String DELIVERIES_COMMITTED = "relay.deliveries.committed";

  /**
   * Between the nodes of a cluster only: one message per commit on any node, with that commit's deliveries and
   * agent-change notices, which each other node publishes again on its own bus at the addresses above (body: the
   * cluster module's commit message, in its own versioned wire codec). Nothing else listens here; a single node
   * never uses it.
   */
  public static final String CLUSTER_COMMITS = "relay.cluster.commits";

  /**
   * Every committed delivery is published here, for the push listeners of that one agent. Body:
   * {@link DeliveryEvent} (codec {@link BusCodecs#DELIVERY}).
   */
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
