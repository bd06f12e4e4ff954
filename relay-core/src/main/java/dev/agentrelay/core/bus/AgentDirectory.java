package dev.agentrelay.core.bus;

import dev.agentrelay.core.model.Agent;
import dev.agentrelay.core.auth.ApiKeys;
import dev.agentrelay.core.model.AgentAccount;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registered agents, held in memory for O(1) authentication. The store loads it at start and
 * changes it only after the transaction that changed the agents table has committed, so it never shows
 * an agent (or a key) that is not on disk. Safe to read from any thread.
 */
public final class AgentDirectory {

  private final ConcurrentHashMap<String, AgentAccount> byId = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, String> idByKeyHash = new ConcurrentHashMap<>();

  /** The agent that {@code apiKey} belongs to, if any. */
  public Optional<Agent> authenticate(String apiKey) {
    return authenticateAccount(apiKey).map(AgentAccount::agent);
  }

  /** The account that {@code apiKey} belongs to, if any, with the hash of that key. */
  public Optional<AgentAccount> authenticateAccount(String apiKey) {
    if (apiKey == null || apiKey.isEmpty()) {
      return Optional.empty();
    }
    String hash = ApiKeys.hash(apiKey);
    String agentId = idByKeyHash.get(hash);
    AgentAccount account = agentId == null ? null : byId.get(agentId);
    if (account == null || !ApiKeys.sameHash(hash, account.keyHash())) {
      return Optional.empty();
    }
    return Optional.of(account);
  }

  public Optional<AgentAccount> account(String agentId) {
    return Optional.ofNullable(byId.get(agentId));
  }

  public Optional<Agent> find(String agentId) {
    return account(agentId).map(AgentAccount::agent);
  }

  public List<Agent> all() {
    return byId.values().stream().map(AgentAccount::agent).sorted(Comparator.comparing(Agent::agentId)).toList();
  }

  public Collection<AgentAccount> accounts() {
    return List.copyOf(byId.values());
  }

  public int size() {
    return byId.size();
  }

  public void put(AgentAccount account) {
    AgentAccount previous = byId.put(account.agentId(), account);
    if (previous != null && !previous.keyHash().equals(account.keyHash())) {
      idByKeyHash.remove(previous.keyHash());
    }
    idByKeyHash.put(account.keyHash(), account.agentId());
  }

  public void remove(String agentId) {
    AgentAccount previous = byId.remove(agentId);
    if (previous != null) {
      idByKeyHash.remove(previous.keyHash());
    }
  }
}
