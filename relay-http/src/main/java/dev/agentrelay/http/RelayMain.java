package dev.agentrelay.http;

import dev.agentrelay.core.config.RelayConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** {@code java -jar agent-relay.jar}: starts the relay configured by the environment; stops on SIGTERM. */
public final class RelayMain {

  static {
    System.setProperty("java.util.logging.manager", RelayLogManager.class.getName());
  }

  private static final Logger LOG = Logger.getLogger(RelayMain.class.getName());

  private RelayMain() {
  }

  public static void main(String[] args) {
    RelayConfig config;
    try {
      config = RelayConfig.fromEnvironment();
    } catch (IllegalArgumentException e) {
      System.err.println("agent-relay: " + e.getMessage());
      System.exit(2);
      return;
    }
    LogSetup.configure(config.logFormat());
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = MeteredVertx.create(registry);
    RelayServer server;
    try {
      server = RelayServer.start(vertx, config, registry).await(2, TimeUnit.MINUTES);
    } catch (Exception e) {
      LOG.log(Level.SEVERE, "the relay could not start: " + e.getMessage(), e);
      vertx.close();
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(vertx, server), "relay-shutdown"));
  }

  private static void stop(Vertx vertx, RelayServer server) {
    LOG.info("stopping: finishing writes in flight");
    try {
      server.stop().await(30, TimeUnit.SECONDS);
      vertx.close().await(10, TimeUnit.SECONDS);
      LOG.info("stopped");
    } catch (Exception e) {
      LOG.log(Level.SEVERE, "unclean stop", e);
    }
  }
}
