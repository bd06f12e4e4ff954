package dev.agentrelay.http;

import dev.agentrelay.core.ClusterMembers;
import dev.agentrelay.core.RelayCounters;
import dev.agentrelay.core.RelayMeters;
import dev.agentrelay.core.bus.AgentDirectory;
import dev.agentrelay.core.bus.PendingCounts;
import dev.agentrelay.core.config.RelayConfig;
import dev.agentrelay.core.bus.HandOvers;
import dev.agentrelay.http.mcp.McpHttp;
import dev.agentrelay.http.ops.HealthProbe;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * What every HTTP verticle instance of one relay shares: the in-memory views the store keeps current, the
 * meters, the per-agent and per-client limits, which must hold across instances, the health probe, and the
 * cluster this node is in, if any.
 */
public record HttpContext(RelayConfig config, AgentDirectory agents, PendingCounts pending, RelayMeters meters,
    PrometheusMeterRegistry registry, RateLimiter rateLimiter, StreamSlots streamSlots, McpHttp mcp,
    AuthFailureLimiter authFailures, StreamSlots longPollSlots, HealthProbe health, HandOvers handOvers,
    ClusterMembers cluster) {

  /** {@code handOvers}: the store's, where the read paths note what they hand out. */
  HttpContext(RelayConfig config, AgentDirectory agents, PendingCounts pending, RelayMeters meters,
      PrometheusMeterRegistry registry, HandOvers handOvers) {
    this(config, agents, pending, meters, registry, handOvers, ClusterMembers.ALONE);
  }

  /** {@code cluster}: the members of the cluster this node is in, or {@link ClusterMembers#ALONE}. */
  HttpContext(RelayConfig config, AgentDirectory agents, PendingCounts pending, RelayMeters meters,
      PrometheusMeterRegistry registry, HandOvers handOvers, ClusterMembers cluster) {
    this(config, agents, pending, meters, registry, new RateLimiter(config.rateLimit(), meters),
        StreamSlots.inboxStreams(config.sseMaxStreamsPerAgent()), null,
        new AuthFailureLimiter(config.authFailureLimit(), meters),
        StreamSlots.longPolls(config.longPollMaxPerAgent()), new HealthProbe(), handOvers, cluster);
  }

  public RelayCounters counters() {
    return meters.counters();
  }

  HttpContext withPort(int port) {
    return new HttpContext(config.withPort(port), agents, pending, meters, registry, rateLimiter, streamSlots, mcp,
        authFailures, longPollSlots, health, handOvers, cluster);
  }

  HttpContext withMcp(McpHttp endpoint) {
    return new HttpContext(config, agents, pending, meters, registry, rateLimiter, streamSlots, endpoint,
        authFailures, longPollSlots, health, handOvers, cluster);
  }
}
