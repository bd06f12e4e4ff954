package dev.agentrelay.core.service;

import dev.agentrelay.core.bus.StoreQuery;
import dev.agentrelay.core.store.AgentStore;
import dev.agentrelay.core.store.ReadContext;
import io.vertx.core.Future;
import java.util.List;

/**
 * Reads agents that another node of the cluster changed into this node's directory (keys, permissions, webhook
 * targets), before this node publishes that commit's notices: a rotated key or a removed agent then stops working
 * here too.
 */
public record RefreshAgents(List<String> agentIds) implements StoreQuery<Void> {

  public RefreshAgents {
    agentIds = List.copyOf(agentIds);
  }

  @Override
  public Future<Void> run(ReadContext reads) {
    return AgentStore.refresh(reads, agentIds);
  }
}
