package dev.agentrelay.http;

import dev.agentrelay.core.ClusterMembers;
import dev.agentrelay.core.RelayMeters;
import dev.agentrelay.core.bus.AgentDirectory;
import dev.agentrelay.core.bus.PendingCounts;
import dev.agentrelay.core.config.RelayConfig;
import dev.agentrelay.core.bus.HandOvers;
import dev.agentrelay.http.mcp.McpHttp;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The relay's HTTP edge on a running store: the /mcp endpoint and the HTTP verticle instances, which all share
 * one port. Started after the store and stopped before it, so that every request it accepted reaches the file.
 */
public final class HttpEdge {

  private final Vertx vertx;
  private final int port;
  private final McpHttp mcp;
  private final String deployment;

  private HttpEdge(Vertx vertx, int port, McpHttp mcp, String deployment) {
    this.vertx = vertx;
    this.port = port;
    this.mcp = mcp;
    this.deployment = deployment;
  }

  /**
   * Vert.x gives each server bound to port 0 a port of its own, so port 0 is first resolved to a free port that
   * every instance then binds. The views ({@code agents}, {@code pending}, {@code handOvers}) are the store's.
   */
  public static Future<HttpEdge> start(Vertx vertx, RelayConfig config, AgentDirectory agents,
      PendingCounts pending, RelayMeters meters, PrometheusMeterRegistry registry, HandOvers handOvers) {
    return start(vertx, config, agents, pending, meters, registry, handOvers, ClusterMembers.ALONE);
  }

  /** The edge of a node in a cluster, whose health answer counts {@code cluster}'s members. */
  public static Future<HttpEdge> start(Vertx vertx, RelayConfig config, AgentDirectory agents,
      PendingCounts pending, RelayMeters meters, PrometheusMeterRegistry registry, HandOvers handOvers,
      ClusterMembers cluster) {
    return vertx.executeBlocking(() -> config.port() == 0 ? freePort(config.host()) : config.port())
        .compose(port -> deploy(vertx, port,
            new HttpContext(config, agents, pending, meters, registry, handOvers, cluster).withPort(port)));
  }

  /** The /mcp endpoint shares the instances' per-agent stream limit, so it is made from their context. */
  private static Future<HttpEdge> deploy(Vertx vertx, int port, HttpContext shared) {
    return McpHttp.create(vertx, shared.config(), shared.agents(), shared.streamSlots()).compose(mcp -> {
      HttpContext http = shared.withMcp(mcp);
      DeploymentOptions options = new DeploymentOptions().setInstances(shared.config().httpInstances());
      AtomicInteger openConnections = new AtomicInteger();
      return vertx.deployVerticle(() -> new HttpVerticle(http, openConnections), options)
          .map(id -> new HttpEdge(vertx, port, mcp, id))
          .recover(failure -> mcp.close().transform(closed -> Future.failedFuture(failure)));
    });
  }

  private static int freePort(String host) throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return socket.getLocalPort();
    }
  }

  public int port() {
    return port;
  }

  /** Stops taking requests, then closes the /mcp sessions. */
  public Future<Void> stop() {
    return vertx.undeploy(deployment).compose(v -> mcp.close());
  }
}
