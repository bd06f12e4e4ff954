package dev.agentrelay.http.ops;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The relay's Prometheus registry, whose every meter (the relay's and Vert.x's) carries the label {@code node}. */
public final class RelayRegistry {

  private RelayRegistry() {
  }

  /** Make it first, before any meter: a meter registered before the label was set would go without it. */
  public static PrometheusMeterRegistry forNode(String nodeId) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("node", nodeId);
    return registry;
  }
}
