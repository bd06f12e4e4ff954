package dev.agentrelay.cluster;

import dev.agentrelay.core.bus.Addresses;
import dev.agentrelay.core.bus.BusCodecs;
import dev.agentrelay.core.bus.CommitFanout;
import dev.agentrelay.core.bus.DeliveryEvent;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Carries each commit of this node's store to the other nodes of the cluster, and publishes theirs here.
 *
 * <p>Sending: the store publishes a commit's events on its own node's bus (local listeners hear them at once, with
 * no hop through the cluster), then hands them to {@link #committed}, which publishes them as one
 * {@link ClusterCommit} on {@link Addresses#CLUSTER_COMMITS}, from this verticle's event loop so that the store's
 * writer thread does no network work. The cluster delivers it to every node, this one included, where the fanout
 * drops its own commits by their origin: no listener here hears a commit twice.
 *
 * <p>Receiving: each other node's commit is published on this node's bus at the addresses its store would have
 * used ({@link Addresses#inbox(String)}, {@link Addresses#WEBHOOK_DELIVERY_COMMITTED} for webhook agents,
 * {@link Addresses#DELIVERIES_COMMITTED}, {@link Addresses#keyRevoked(String)},
 * {@link Addresses#WEBHOOK_TARGET_CHANGED}), always local-only. When the commit changed agents, their
 * {@link AgentReload} completes first, so that a key-revoked notice finds the new key in this node's directory.
 * Commits from one node arrive in its commit order (one connection per pair of nodes) and are published in that
 * order: a commit waits for the reload of any commit before it.
 *
 * <p>Deploy one per node, before the store, so that it takes the store's first commit.
 */
public final class ClusterFanout extends VerticleBase implements CommitFanout {

  private static final Logger LOG = Logger.getLogger(ClusterFanout.class.getName());
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private final AgentReload reload;
  private final PendingUpdates pending;
  private final String origin = UUID.randomUUID().toString();
  private MessageConsumer<ClusterCommit> consumer;
  /** Completes once every commit received so far is published here; only this verticle's event loop sets it. */
  private Future<?> published = Future.succeededFuture();

  /**
   * {@code reload} brings this node's view of agents changed on another node up to date; {@code pending} its counts
   * of the deliveries waiting in each inbox.
   */
  public ClusterFanout(AgentReload reload, PendingUpdates pending) {
    this.reload = reload;
    this.pending = pending;
  }

  @Override
  public Future<?> start() {
    BusCodecs.register(vertx);
    ClusterCommitCodec.register(vertx);
    consumer = vertx.eventBus().consumer(Addresses.CLUSTER_COMMITS, this::received);
    // complete once the other nodes know of this consumer
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    return consumer.unregister();
  }

  @Override
  public void committed(List<DeliveryEvent> events, Map<String, List<Long>> acknowledged, List<String> keysRevoked,
      List<String> webhookTargetsChanged, List<String> agentsChanged) {
    if (context == null) {
      throw new IllegalStateException("the cluster fanout takes commits once deployed: deploy it before the store");
    }
    ClusterCommit commit = new ClusterCommit(origin, events, acknowledged, keysRevoked, webhookTargetsChanged,
        agentsChanged);
    if (!commit.isEmpty()) {
      context.runOnContext(
          v -> vertx.eventBus().publish(Addresses.CLUSTER_COMMITS, commit, ClusterCommitCodec.OPTIONS));
    }
  }

  private void received(Message<ClusterCommit> message) {
    ClusterCommit commit;
    try {
      commit = message.body();
    } catch (RuntimeException unreadable) {
      LOG.log(Level.SEVERE, "a commit from another node was dropped: " + unreadable.getMessage()
          + "; run one relay version on every node");
      return;
    }
    if (commit.origin().equals(origin)) {
      return;
    }
    if (commit.agentsChanged().isEmpty() && published.isComplete()) {
      publish(commit);
      return;
    }
    published = published.transform(previous -> reloaded(commit)).andThen(reloaded -> publish(commit));
  }

  /** Never fails: a failed reload is logged, and the commit's events are published all the same. */
  private Future<?> reloaded(ClusterCommit commit) {
    if (commit.agentsChanged().isEmpty()) {
      return Future.succeededFuture();
    }
    Future<?> reloading;
    try {
      reloading = reload.reload(commit.agentsChanged());
    } catch (RuntimeException e) {
      reloading = Future.failedFuture(e);
    }
    return reloading.recover(failure -> {
      LOG.log(Level.SEVERE, "agents changed on another node could not be reloaded: " + commit.agentsChanged(),
          failure);
      return Future.succeededFuture();
    });
  }

  private void publish(ClusterCommit commit) {
    Map<String, List<Long>> delivered = new HashMap<>();
    commit.events().forEach(event ->
        delivered.computeIfAbsent(event.agentId(), id -> new ArrayList<>()).add(event.seq()));
    pending.apply(delivered, commit.acknowledged());
    EventBus bus = vertx.eventBus();
    for (DeliveryEvent event : commit.events()) {
      if (event.webhook() != null) {
        bus.publish(Addresses.WEBHOOK_DELIVERY_COMMITTED, event, BusCodecs.DELIVERY);
      }
      bus.publish(Addresses.inbox(event.agentId()), event, BusCodecs.DELIVERY);
      // the store publishes here only while relay-wide streams listen; without a listener, a local publish is a
      // look-up that finds nobody
      bus.publish(Addresses.DELIVERIES_COMMITTED, event, BusCodecs.DELIVERY);
    }
    commit.keysRevoked().forEach(agentId -> bus.publish(Addresses.keyRevoked(agentId), agentId, LOCAL));
    commit.webhookTargetsChanged().forEach(agentId -> bus.publish(Addresses.WEBHOOK_TARGET_CHANGED, agentId, LOCAL));
  }
}
