package dev.agentrelay.cluster;

import io.vertx.core.Future;
import java.util.List;

/**
 * Brings this node's in-memory view of some agents (accounts, key hashes, permissions, webhook targets) up to date
 * with the store, after another node committed a change to them.
 */
@FunctionalInterface
public interface AgentReload {

  /** Completes once this node's view of {@code agentIds} is the store's. */
  Future<?> reload(List<String> agentIds);
}
