package dev.agentrelay.http.mcp;

import dev.agentrelay.core.model.Agent;
import io.modelcontextprotocol.spec.HttpHeaders;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The open MCP sessions of {@code /mcp}, each owned by the agent that opened it: by its id and its
 * registration, so that an agent deleted and registered again under the same id does not inherit them.
 * Clients that vanish without a DELETE leave sessions behind, so each agent keeps at most
 * {@value #MAX_PER_AGENT}: a new one closes its oldest.
 */
final class McpSessions {

  static final int MAX_PER_AGENT = 32;

  private record Owned(McpStreamableServerSession session, String agentId, String registeredAt) {

    boolean ownedBy(Agent agent) {
      return agent != null && agentId.equals(agent.agentId()) && Objects.equals(registeredAt, agent.registeredAt());
    }
  }

  private final Map<String, Owned> byId = new HashMap<>();
  private final Map<String, Deque<String>> byAgent = new HashMap<>();
  private final Consumer<String> ended;

  McpSessions() {
    this(id -> { });
  }

  /** {@code ended} is told the id of each session that is removed or closed to make room. */
  McpSessions(Consumer<String> ended) {
    this.ended = ended;
  }

  synchronized void add(McpStreamableServerSession session, Agent owner) {
    byId.put(session.getId(), new Owned(session, owner.agentId(), owner.registeredAt()));
    Deque<String> owned = byAgent.computeIfAbsent(owner.agentId(), id -> new ArrayDeque<>());
    owned.addLast(session.getId());
    if (owned.size() > MAX_PER_AGENT) {
      Owned oldest = byId.remove(owned.removeFirst());
      ended.accept(oldest.session().getId());
      oldest.session().closeGracefully().subscribe();
    }
  }

  /**
   * The session the request names, if it is the caller's; otherwise answers the request itself (400 without a
   * session id; 404 for an unknown one or another agent's, which tells the client to initialize again) and
   * returns null.
   */
  synchronized McpStreamableServerSession find(RoutingContext ctx, Agent caller) {
    String id = ctx.request().getHeader(HttpHeaders.MCP_SESSION_ID);
    if (id == null || id.isBlank()) {
      McpReplies.error(ctx, 400, McpReplies.INVALID_REQUEST, "send the Mcp-Session-Id header that initialize"
          + " answered");
      return null;
    }
    Owned owned = byId.get(id);
    if (owned == null || !owned.ownedBy(caller)) {
      McpReplies.error(ctx, 404, McpReplies.INVALID_REQUEST, "no such session; initialize a new one");
      return null;
    }
    return owned.session();
  }

  synchronized void remove(String id) {
    Owned owned = byId.remove(id);
    if (owned != null) {
      ended.accept(id);
      Deque<String> ofAgent = byAgent.get(owned.agentId());
      ofAgent.remove(id);
      if (ofAgent.isEmpty()) {
        byAgent.remove(owned.agentId());
      }
    }
  }

  /** How many agents have a session open. */
  synchronized int agentsWithSessions() {
    return byAgent.size();
  }

  synchronized List<McpStreamableServerSession> all() {
    return byId.values().stream().map(Owned::session).toList();
  }

  synchronized List<McpStreamableServerSession> removeAll() {
    List<McpStreamableServerSession> all = new ArrayList<>(all());
    byId.keySet().forEach(ended);
    byId.clear();
    byAgent.clear();
    return all;
  }
}
