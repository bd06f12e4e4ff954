package dev.agentrelay.http;

import dev.agentrelay.core.RelayCounters;
import dev.agentrelay.core.RelayMeters;
import dev.agentrelay.core.SharedObjects;
import dev.agentrelay.core.bus.AgentDirectory;
import dev.agentrelay.core.config.RelayConfig;
import dev.agentrelay.core.service.Bootstrap;
import dev.agentrelay.core.service.SecretFiles;
import dev.agentrelay.core.bus.HandOvers;
import dev.agentrelay.core.store.PendingDeliveries;
import dev.agentrelay.core.bus.StoreClient;
import dev.agentrelay.core.store.StoreVerticle;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The relay as relay-cli's launcher ({@code dev.agentrelay.server.RelayServer}) assembles it, for this module's
 * tests, which cannot see the launcher: the store verticle, bootstrap, the webhook and A2A push verticles (by class
 * name, as this module does not import relay-webhook) and the {@link HttpEdge}, stopped in the reverse order.
 */
final class TestServer {

  private static final String WEBHOOK_VERTICLE = "dev.agentrelay.webhook.WebhookVerticle";
  private static final String A2A_PUSH_VERTICLE = "dev.agentrelay.webhook.A2aPushVerticle";

  private final Vertx vertx;
  private final RelayConfig config;
  private final AgentDirectory agents = new AgentDirectory();
  private final PendingDeliveries pending;
  private final HandOvers handOvers = new HandOvers();
  private final PrometheusMeterRegistry registry;
  private final RelayMeters meters;
  private HttpEdge http;
  private String webhookDeployment;
  private String a2aPushDeployment;
  private String storeDeployment;

  private TestServer(Vertx vertx, RelayConfig config, PrometheusMeterRegistry registry) {
    this.vertx = vertx;
    this.config = config;
    this.registry = registry;
    this.pending = config.store().postgres() ? PendingDeliveries.countsOnly() : new PendingDeliveries();
    this.meters = new RelayMeters(registry, new RelayCounters(), pending);
  }

  /**
   * Starts a relay on {@code vertx}; the future completes once it answers HTTP. {@code registry} is the
   * one Vert.x itself reports to, if it was built with metrics, so that {@code /metrics} shows both.
   */
  static Future<TestServer> start(Vertx vertx, RelayConfig config, PrometheusMeterRegistry registry) {
    TestServer server = new TestServer(vertx, config, registry);
    return server.deploy().map(server);
  }

  /** Starts a relay with meters of its own. */
  static Future<TestServer> start(Vertx vertx, RelayConfig config) {
    return start(vertx, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  int port() {
    return http.port();
  }

  RelayConfig config() {
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
        .compose(v -> deployHttp());
  }

  private Future<Void> deployWebhooks() {
    SharedObjects.publish(vertx, config, meters);
    return vertx.deployVerticle(WEBHOOK_VERTICLE).compose(id -> {
      webhookDeployment = id;
      return vertx.deployVerticle(A2A_PUSH_VERTICLE);
    }).map(id -> {
      a2aPushDeployment = id;
      return null;
    });
  }

  /** Undeploys the A2A push dispatcher, as when the node that held the dispatch role died. */
  Future<Void> stopA2aPush() {
    return undeploy(a2aPushDeployment).onSuccess(v -> a2aPushDeployment = null);
  }

  Future<Void> startA2aPush() {
    return vertx.deployVerticle(A2A_PUSH_VERTICLE).map(id -> {
      a2aPushDeployment = id;
      return null;
    });
  }

  private Future<Void> deployHttp() {
    return HttpEdge.start(vertx, config, agents, pending, meters, registry, handOvers).map(edge -> {
      http = edge;
      return null;
    });
  }

  /** Stops taking requests, finishes the writes in flight, closes the database. */
  Future<Void> stop() {
    return (http == null ? Future.<Void>succeededFuture() : http.stop())
        .compose(v -> undeploy(a2aPushDeployment))
        .compose(v -> undeploy(webhookDeployment))
        .compose(v -> undeploy(storeDeployment));
  }

  private Future<Void> undeploy(String deployment) {
    return deployment == null ? Future.succeededFuture() : vertx.undeploy(deployment);
  }
}
