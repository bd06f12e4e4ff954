package dev.agentrelay.http;

import dev.agentrelay.core.RelayCounters;
import dev.agentrelay.core.auth.AgentDirectory;
import dev.agentrelay.core.config.RelayConfig;
import dev.agentrelay.core.store.PendingCounts;

/**
 * What every HTTP verticle instance of one relay shares: the in-memory views the store keeps current, the
 * live counters, and the per-agent limits, which must hold across instances.
 */
record HttpContext(RelayConfig config, AgentDirectory agents, PendingCounts pending, RelayCounters counters,
    RateLimiter rateLimiter, StreamSlots streamSlots, McpHttp mcp) {

  HttpContext(RelayConfig config, AgentDirectory agents, PendingCounts pending, RelayCounters counters) {
    this(config, agents, pending, counters, new RateLimiter(config.rateLimit()),
        new StreamSlots(config.sseMaxStreamsPerAgent()), null);
  }

  HttpContext withPort(int port) {
    return new HttpContext(config.withPort(port), agents, pending, counters, rateLimiter, streamSlots, mcp);
  }

  HttpContext withMcp(McpHttp endpoint) {
    return new HttpContext(config, agents, pending, counters, rateLimiter, streamSlots, endpoint);
  }
}
