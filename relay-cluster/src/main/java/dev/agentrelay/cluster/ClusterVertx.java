package dev.agentrelay.cluster;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import dev.agentrelay.core.ClusterMembers;
import dev.agentrelay.core.config.ClusterSettings;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A relay node's clustered Vert.x: a Hazelcast member (see {@link HazelcastConfig}) on the node's cluster address,
 * which joins the fixed member list over TCP, and the event bus between nodes on the same address and a free port,
 * which each node announces to the others through the membership. Closing the Vert.x leaves the cluster.
 */
public final class ClusterVertx {

  /** Held so that the levels set on them stay: JUL keeps its loggers weakly. */
  private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");
  private static final Logger CP_SUBSYSTEM_LOG = Logger.getLogger("com.hazelcast.cp.CPSubsystem");

  /** Each member answers on this address and its node id whether it delivers to another node's consumers. */
  private static final String SEEN = "relay.cluster.seen.";
  private static final long SEEN_POLL_MILLIS = 50;

  private final Vertx vertx;
  private final HazelcastClusterManager manager;

  private ClusterVertx(Vertx vertx, HazelcastClusterManager manager) {
    this.vertx = vertx;
    this.manager = manager;
  }

  /**
   * Joins the cluster of {@code settings}; the future completes once this node is a member. {@code builder} makes
   * the Vert.x builder from the options this class sets (the launcher's adds its metrics), e.g.
   * {@code options -> Vertx.builder().with(options)}. Blocks while it resolves the cluster host; fails at once,
   * saying why, when that is no address of this machine's.
   */
  public static Future<ClusterVertx> start(ClusterSettings settings, Function<VertxOptions, VertxBuilder> builder) {
    // Hazelcast tells every step of its start and of each membership change at INFO: only its warnings reach the log
    HAZELCAST_LOG.setLevel(Level.WARNING);
    // warns at every start that Vert.x's cluster-wide locks are not Raft-backed: they need not be, the store's
    // PostgreSQL holds what must be consistent
    CP_SUBSYSTEM_LOG.setLevel(Level.SEVERE);
    HazelcastClusterManager manager;
    try {
      manager = new HazelcastClusterManager(HazelcastConfig.of(settings));
    } catch (IllegalArgumentException badHost) {
      return Future.failedFuture(badHost);
    }
    VertxOptions options = new VertxOptions();
    // the event bus takes the member's address (the cluster host), on a port of its own
    options.getEventBusOptions().setPort(0);
    return builder.apply(options).withClusterManager(manager).buildClustered()
        .compose(vertx -> {
          ClusterVertx node = new ClusterVertx(vertx, manager);
          return node.answerWhetherSeen().map(node);
        });
  }

  /**
   * Completes once every other member's bus delivers to this node's consumers of {@code address}, true; false when
   * {@code bound} passed first. A node that joined hands its subscriptions to the others a moment after its
   * membership, and until they have them, what they send to the address never reaches this node. Each other member
   * is asked on an address of its own and answers once its view of {@code address} holds this node.
   */
  public Future<Boolean> seenByOthers(String address, Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    List<Future<Boolean>> answers = manager.getNodes().stream().filter(node -> !node.equals(manager.getNodeId()))
        .map(node -> ask(node, address, deadline)).toList();
    return Future.all(answers).map(all -> answers.stream().allMatch(Future::result));
  }

  private Future<Boolean> ask(String node, String address, long deadline) {
    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    if (left <= 0) {
      return Future.succeededFuture(false);
    }
    JsonObject question = new JsonObject().put("address", address).put("node", manager.getNodeId())
        .put("wait_ms", left);
    return vertx.eventBus().<Boolean>request(SEEN + node, question, new DeliveryOptions().setSendTimeout(left + 1_000))
        .map(Message::body)
        // the other member's own address may not be known here yet either
        .recover(notYet -> later(() -> ask(node, address, deadline)));
  }

  private Future<Void> answerWhetherSeen() {
    return vertx.eventBus().<JsonObject>consumer(SEEN + manager.getNodeId(), question -> {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(question.body().getLong("wait_ms", 0L));
      registered(question.body().getString("address"), question.body().getString("node"), deadline)
          .onComplete(seen -> question.reply(seen.succeeded() && seen.result()));
    }).completion();
  }

  private Future<Boolean> registered(String address, String node, long deadline) {
    Promise<List<RegistrationInfo>> registrations = Promise.promise();
    manager.getRegistrations(address, registrations);
    return registrations.future().compose(list -> {
      if (list.stream().anyMatch(registration -> registration.nodeId().equals(node))) {
        return Future.succeededFuture(true);
      }
      return System.nanoTime() >= deadline ? Future.succeededFuture(false)
          : later(() -> registered(address, node, deadline));
    });
  }

  private <T> Future<T> later(Supplier<Future<T>> next) {
    Promise<T> promise = Promise.promise();
    vertx.setTimer(SEEN_POLL_MILLIS, timer -> next.get().onComplete(promise));
    return promise.future();
  }

  public Vertx vertx() {
    return vertx;
  }

  /** The members this node sees, itself included; 0 once it has left the cluster. */
  public ClusterMembers members() {
    return ClusterMembers.counted(this::memberCount);
  }

  private int memberCount() {
    try {
      return manager.isActive() ? manager.getNodes().size() : 0;
    } catch (HazelcastInstanceNotActiveException stopped) {
      return 0;
    }
  }
}
