package dev.agentrelay.core.store;

import dev.agentrelay.core.bus.AgentDirectory;
import io.vertx.sqlclient.Pool;

/** What a read query may use: the reader pool and the in-memory views the writer keeps current. */
public record ReadContext(Pool pool, Dialect dialect, AgentDirectory agents, PendingDeliveries pending,
    StoreTotals totals) {
}
