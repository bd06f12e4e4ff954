package dev.agentrelay.http;

import dev.agentrelay.core.RelayCounters;
import dev.agentrelay.core.RelayMeters;
import dev.agentrelay.core.SharedObjects;
import dev.agentrelay.core.bus.AgentDirectory;
import dev.agentrelay.core.config.RelayConfig;
import dev.agentrelay.core.service.Bootstrap;
import dev.agentrelay.core.service.SecretFiles;
import dev.agentrelay.core.store.HandOvers;
import dev.agentrelay.core.store.PendingDeliveries;
import dev.agentrelay.core.bus.StoreClient;
import dev.agentrelay.core.store.StoreVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * One running relay: the store verticle, then bootstrap, then the webhook and HTTP verticles, deployed in that
 * order on a Vert.x instance; stopped in the reverse order so that every write already accepted is
 * committed before the file closes.
 */
public final class RelayServer {

  private static final Logger LOG = Logger.getLogger(RelayServer.class.getName());
  private static final String WEBHOOK_VERTICLE = "dev.agentrelay.webhook.WebhookVerticle";

  private final Vertx vertx;
  private final RelayConfig config;
  private final AgentDirectory agents = new AgentDirectory();
  private final PendingDeliveries pending = new PendingDeliveries();
  private final HandOvers handOvers = new HandOvers();
  private final PrometheusMeterRegistry registry;
  private final RelayMeters meters;
  private String httpDeployment;
  private String webhookDeployment;
  private String storeDeployment;
  private McpHttp mcp;
  private int port;

  private RelayServer(Vertx vertx, RelayConfig config, PrometheusMeterRegistry registry) {
    this.vertx = vertx;
    this.config = config;
    this.registry = registry;
    this.meters = new RelayMeters(registry, new RelayCounters(), pending);
  }

  /**
   * Starts a relay on {@code vertx}; the future completes once it answers HTTP. {@code registry} is the
   * one Vert.x itself reports to, if it was built with metrics, so that {@code /metrics} shows both.
   */
  public static Future<RelayServer> start(Vertx vertx, RelayConfig config, PrometheusMeterRegistry registry) {
    RelayServer server = new RelayServer(vertx, config, registry);
    return server.deploy().map(server);
  }

  /** Starts a relay with meters of its own. */
  public static Future<RelayServer> start(Vertx vertx, RelayConfig config) {
    return start(vertx, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  public int port() {
    return port;
  }

  public RelayConfig config() {
    return config;
  }

  private Future<Void> deploy() {
    return vertx.executeBlocking(() -> {
      SecretFiles.createPrivateDirectory(config.dataDir());
      return null;
    })
        .compose(v -> vertx.deployVerticle(new StoreVerticle(config, agents, pending, meters, handOvers)))
        .compose(id -> {
          storeDeployment = id;
          return new Bootstrap(vertx, config, agents, new StoreClient(vertx)).run();
        })
        .compose(v -> deployWebhooks())
        .compose(v -> deployHttp())
        .onSuccess(v -> LOG.info("agent relay listening on " + (config.tlsCert() != null ? "https" : "http") + "://"
            + config.host() + ":" + port));
  }

  /** By class name: this module may not see relay-webhook's classes at compile time. */
  private Future<Void> deployWebhooks() {
    SharedObjects.publish(vertx, config, meters);
    return vertx.deployVerticle(WEBHOOK_VERTICLE).map(id -> {
      webhookDeployment = id;
      return null;
    });
  }

  /**
   * All instances share one port. Vert.x gives each server bound to port 0 a port of its own, so port 0
   * is first resolved to a free port that every instance then binds.
   */
  private Future<Void> deployHttp() {
    return vertx.executeBlocking(() -> config.port() == 0 ? freePort(config.host()) : config.port()).compose(chosen -> {
      port = chosen;
      return McpHttp.create(vertx, config.withPort(chosen), agents);
    }).compose(endpoint -> {
      mcp = endpoint;
      HttpContext http = new HttpContext(config, agents, pending, meters, registry, handOvers).withPort(port).withMcp(mcp);
      DeploymentOptions options = new DeploymentOptions().setInstances(config.httpInstances());
      AtomicInteger openConnections = new AtomicInteger();
      return vertx.deployVerticle(() -> new HttpVerticle(http, openConnections), options);
    }).map(id -> {
      httpDeployment = id;
      return null;
    });
  }

  private static int freePort(String host) throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return socket.getLocalPort();
    }
  }

  /** Stops taking requests, finishes the writes in flight, closes the database. */
  public Future<Void> stop() {
    return undeploy(httpDeployment)
        .compose(v -> mcp == null ? Future.succeededFuture() : mcp.close())
        .compose(v -> undeploy(webhookDeployment))
        .compose(v -> undeploy(storeDeployment));
  }

  private Future<Void> undeploy(String deployment) {
    return deployment == null ? Future.succeededFuture() : vertx.undeploy(deployment);
  }
}
