package dev.agentrelay.cluster;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import dev.agentrelay.core.ClusterMembers;
import dev.agentrelay.core.config.ClusterSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.function.Function;
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
        .map(vertx -> new ClusterVertx(vertx, manager));
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
