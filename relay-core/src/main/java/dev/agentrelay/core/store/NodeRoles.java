package dev.agentrelay.core.store;

import dev.agentrelay.core.bus.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.EnumMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Which of the relay-wide roles ({@link NodeLease.Role}) this node plays: taken when free and checked every few
 * seconds on a worker thread, so a role whose node died passes to another within that time. The dispatch role's
 * first outcome and every change of it are published on {@link Addresses#WEBHOOK_DISPATCH_ROLE}. Runs on the
 * store's context.
 */
final class NodeRoles {

  private static final Logger LOG = Logger.getLogger(NodeRoles.class.getName());
  /** How often the leases are taken or checked: a dead node's roles pass on within about this long. */
  static final long REFRESH_MILLIS = 5_000;
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private final Vertx vertx;
  private final Map<NodeLease.Role, NodeLease> leases = new EnumMap<>(NodeLease.Role.class);
  private final Map<NodeLease.Role, Boolean> held = new EnumMap<>(NodeLease.Role.class);
  private long timer = -1;
  private boolean stopped;
  /** Whether the dispatch role's first outcome went out: the launcher waits for it, held or not. */
  private boolean announced;

  NodeRoles(Vertx vertx, Database database) {
    this.vertx = vertx;
    for (NodeLease.Role role : NodeLease.Role.values()) {
      leases.put(role, database.lease(role));
      held.put(role, false);
    }
  }

  void start() {
    refresh();
    timer = vertx.setPeriodic(REFRESH_MILLIS, t -> refresh());
  }

  boolean holds(NodeLease.Role role) {
    return held.get(role);
  }

  private void refresh() {
    vertx.executeBlocking(() -> {
      Map<NodeLease.Role, Boolean> now = new EnumMap<>(NodeLease.Role.class);
      leases.forEach((role, lease) -> now.put(role, refreshed(role, lease)));
      return now;
    }, false).onSuccess(now -> now.forEach((role, holdsNow) -> {
      if (stopped) {
        return;
      }
      boolean changed = held.put(role, holdsNow) != holdsNow;
      if (changed) {
        LOG.info((holdsNow ? "this node now holds the role " : "this node no longer holds the role ") + role);
      }
      if (role == NodeLease.Role.WEBHOOK_DISPATCH && (changed || !announced)) {
        announced = true;
        vertx.eventBus().publish(Addresses.WEBHOOK_DISPATCH_ROLE, holdsNow, LOCAL);
      }
    }));
  }

  /** Whether this node holds the role now; not when the lease could not be asked (the launcher waits for an answer). */
  private static boolean refreshed(NodeLease.Role role, NodeLease lease) {
    try {
      return lease.refresh();
    } catch (RuntimeException e) {
      LOG.warning("the lease of the role " + role + " could not be checked: " + e);
      return false;
    }
  }

  void stop() {
    stopped = true;
    vertx.cancelTimer(timer);
  }

  /** Lets the roles go, for another node to take at once. Blocking. */
  void release() {
    leases.values().forEach(NodeLease::release);
  }
}
