package dev.agentrelay.server;

import dev.agentrelay.cluster.ClusterFanout;
import dev.agentrelay.cluster.ClusterVertx;
import dev.agentrelay.core.ClusterMembers;
import dev.agentrelay.core.RelayCounters;
import dev.agentrelay.core.RelayMeters;
import dev.agentrelay.core.SharedObjects;
import dev.agentrelay.core.bus.Addresses;
import dev.agentrelay.core.bus.AgentDirectory;
import dev.agentrelay.core.bus.CommitFanout;
import dev.agentrelay.core.bus.StoreClient;
import dev.agentrelay.core.config.RelayConfig;
import dev.agentrelay.core.service.Bootstrap;
import dev.agentrelay.core.service.RefreshAgents;
import dev.agentrelay.core.service.SecretFiles;
import dev.agentrelay.core.bus.HandOvers;
import dev.agentrelay.core.store.PendingDeliveries;
import dev.agentrelay.core.store.StoreVerticle;
import dev.agentrelay.http.HttpEdge;
import dev.agentrelay.http.ops.MeteredVertx;
import dev.agentrelay.http.ops.RelayRegistry;
import dev.agentrelay.webhook.A2aPushVerticle;
import dev.agentrelay.webhook.WebhookVerticle;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * One running relay: the store verticle, then bootstrap, then the dispatchers (webhooks and A2A push, on the node
 * that holds the dispatch role) and the HTTP verticles, deployed in that order on a Vert.x instance; stopped in the
 * reverse order so that every write already accepted is committed before the file closes. A node of a cluster runs
 * on a clustered Vert.x ({@link #launch}).
 */
public final class RelayServer {

  private static final Logger LOG = Logger.getLogger(RelayServer.class.getName());
  private static final Duration SEEN_BOUND = Duration.ofSeconds(10);
  private static final Function<String, Future<Boolean>> SEEN_ALONE = address -> Future.succeededFuture(true);

  private final Vertx vertx;
  private final RelayConfig config;
  private final AgentDirectory agents = new AgentDirectory();
  private final PendingDeliveries pending;
  private final HandOvers handOvers = new HandOvers();
  private final PrometheusMeterRegistry registry;
  private final RelayMeters meters;
  private final ClusterMembers cluster;
  /** Whether the other nodes deliver what they send to an address to this node's consumers (alone: at once). */
  private final Function<String, Future<Boolean>> seenByOthers;
  private final List<String> dispatchDeployments = new ArrayList<>();
  private final Promise<Void> roleKnown = Promise.promise();
  private HttpEdge http;
  private String storeDeployment;
  private String fanoutDeployment;
  private MessageConsumer<Boolean> dispatchRole;
  private Future<Void> dispatchChanging = Future.succeededFuture();

  private RelayServer(Vertx vertx, RelayConfig config, PrometheusMeterRegistry registry, ClusterMembers cluster,
      Function<String, Future<Boolean>> seenByOthers) {
    this.vertx = vertx;
    this.config = config;
    this.registry = registry;
    this.cluster = cluster;
    this.seenByOthers = seenByOthers;
    this.pending = config.store().postgres() ? PendingDeliveries.countsOnly() : new PendingDeliveries();
    this.meters = new RelayMeters(registry, new RelayCounters(), pending);
  }

  /**
   * Starts a relay on a Vert.x of its own, with metrics on {@code registry}: a clustered one, joined to the members
   * of RELAY_CLUSTER_MEMBERS, when the configuration names any. Its Vert.x is closed again when the relay cannot
   * start; {@link #vertx()} is to be closed after {@link #stop()}.
   */
  public static Future<RelayServer> launch(RelayConfig config, PrometheusMeterRegistry registry) {
    if (!config.cluster().clustered()) {
      return startOrClose(MeteredVertx.create(registry), config, registry, ClusterMembers.ALONE, SEEN_ALONE);
    }
    return ClusterVertx.start(config.cluster(), options -> MeteredVertx.builder(registry, options))
        .compose(node -> startOrClose(node.vertx(), config, registry, node.members(),
            address -> node.seenByOthers(address, SEEN_BOUND)));
  }

  private static Future<RelayServer> startOrClose(Vertx vertx, RelayConfig config,
      PrometheusMeterRegistry registry, ClusterMembers cluster, Function<String, Future<Boolean>> seenByOthers) {
    RelayServer server = new RelayServer(vertx, config, registry, cluster, seenByOthers);
    return server.deploy().map(server)
        .recover(failure -> vertx.close().transform(closed -> Future.failedFuture(failure)));
  }

  /**
   * Starts a relay on {@code vertx}; the future completes once it answers HTTP. {@code registry} is the
   * one Vert.x itself reports to, if it was built with metrics, so that {@code /metrics} shows both.
   */
  public static Future<RelayServer> start(Vertx vertx, RelayConfig config, PrometheusMeterRegistry registry) {
    RelayServer server = new RelayServer(vertx, config, registry, ClusterMembers.ALONE, SEEN_ALONE);
    return server.deploy().map(server);
  }

  /** Starts a relay with meters of its own. */
  public static Future<RelayServer> start(Vertx vertx, RelayConfig config) {
    return start(vertx, config, RelayRegistry.forNode(config.cluster().nodeId()));
  }

  public int port() {
    return http.port();
  }

  public RelayConfig config() {
    return config;
  }

  public Vertx vertx() {
    return vertx;
  }

  private Future<Void> deploy() {
    followDispatchRole();
    return vertx.executeBlocking(() -> {
      SecretFiles.createPrivateDirectory(config.dataDir());
      return null;
    })
        .compose(v -> deployFanout())
        .compose(fanout -> vertx.deployVerticle(new StoreVerticle(config, agents, pending, meters, handOvers,
            fanout)))
        .compose(id -> {
          storeDeployment = id;
          return new Bootstrap(vertx, config, agents, new StoreClient(vertx)).run();
        })
        // a push config's task update committed once the relay answers is pushed: the dispatchers start first
        .compose(v -> roleKnown.future())
        .compose(v -> commitsReachThisNode())
        .compose(v -> deployHttp())
        .onSuccess(v -> LOG.info("agent relay listening on " + (config.tlsCert() != null ? "https" : "http") + "://"
            + config.host() + ":" + http.port() + " as node " + config.cluster().nodeId()
            + (cluster.clustered() ? " of a cluster of " + cluster.count() : "")));
  }

  /**
   * On a node of a cluster, the fan-out that carries this node's commits to the others and theirs here (after the
   * agents they changed are read again); alone, nothing.
   */
  private Future<CommitFanout> deployFanout() {
    if (!cluster.clustered()) {
      return Future.succeededFuture(CommitFanout.NONE);
    }
    StoreClient store = new StoreClient(vertx);
    ClusterFanout fanout = new ClusterFanout(agentIds -> store.read(new RefreshAgents(agentIds)), pending::apply);
    return vertx.deployVerticle(fanout).map(id -> {
      fanoutDeployment = id;
      return fanout;
    });
  }

  /**
   * The webhook dispatcher and the A2A push dispatcher run while this node holds the dispatch role, which the store
   * announces: at once for a node alone, and for one node at a time among nodes on one PostgreSQL database (another
   * takes it over when that node dies, and resumes from the store). HTTP waits for the first announcement and what
   * it starts.
   */
  private void followDispatchRole() {
    SharedObjects.publish(vertx, config, meters);
    dispatchRole = vertx.eventBus().<Boolean>localConsumer(Addresses.WEBHOOK_DISPATCH_ROLE, held -> {
      dispatchChanging = dispatchChanging.transform(done -> held.body() ? startDispatchers() : stopDispatchers());
      dispatchChanging.onComplete(done -> roleKnown.tryComplete());
    });
  }

  private Future<Void> startDispatchers() {
    if (!dispatchDeployments.isEmpty()) {
      return Future.succeededFuture();
    }
    return deployDispatcher(new WebhookVerticle(), "webhook")
        .compose(v -> deployDispatcher(new A2aPushVerticle(), "A2A push"));
  }

  private Future<Void> deployDispatcher(Deployable dispatcher, String name) {
    return vertx.deployVerticle(dispatcher).<Void>map(id -> {
      dispatchDeployments.add(id);
      return null;
    }).onFailure(e -> LOG.severe("the " + name + " dispatcher could not start: " + e.getMessage()))
        .otherwiseEmpty();
  }

  private Future<Void> stopDispatchers() {
    List<String> deployments = new ArrayList<>(dispatchDeployments);
    dispatchDeployments.clear();
    return Future.join(deployments.stream().map(this::undeploy).toList()).mapEmpty();
  }

  /**
   * A node that joins hands its subscriptions to the others a moment after its membership: until they have them,
   * their commits do not reach its streams and long-polls, so HTTP waits (within a bound) until they confirm.
   */
  private Future<Void> commitsReachThisNode() {
    return seenByOthers.apply(Addresses.CLUSTER_COMMITS).map(seen -> {
      if (!seen) {
        LOG.warning("the other nodes did not confirm within " + SEEN_BOUND.toSeconds() + " s that their commits"
            + " reach this node; it answers HTTP all the same");
      }
      return null;
    });
  }

  private Future<Void> deployHttp() {
    return HttpEdge.start(vertx, config, agents, pending, meters, registry, handOvers, cluster).map(edge -> {
      http = edge;
      return null;
    });
  }

  /** Stops taking requests, finishes the writes in flight, closes the database. */
  public Future<Void> stop() {
    dispatchRole.unregister();
    return (http == null ? Future.<Void>succeededFuture() : http.stop())
        .compose(v -> dispatchChanging = dispatchChanging.transform(done -> stopDispatchers()))
        .compose(v -> undeploy(storeDeployment))
        .compose(v -> undeploy(fanoutDeployment));
  }

  private Future<Void> undeploy(String deployment) {
    return deployment == null ? Future.succeededFuture() : vertx.undeploy(deployment);
  }
}
