package dev.agentrelay.http;

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

/**
 * The open MCP sessions of {@code /mcp}, each owned by the agent that opened it. Clients that vanish without a
 * DELETE leave sessions behind, so each agent keeps at most {@value #MAX_PER_AGENT}: a new one closes its
 * oldest.
 */
final class McpSessions {

  static final int MAX_PER_AGENT = 32;

  private record Owned(McpStreamableServerSession session, String agentId) {
  }

  private final Map<String, Owned> byId = new HashMap<>();
  private final Map<String, Deque<String>> byAgent = new HashMap<>();

  synchronized void add(McpStreamableServerSession session, String agentId) {
    byId.put(session.getId(), new Owned(session, agentId));
    Deque<String> owned = byAgent.computeIfAbsent(agentId, id -> new ArrayDeque<>());
    owned.addLast(session.getId());
    if (owned.size() > MAX_PER_AGENT) {
      Owned oldest = byId.remove(owned.removeFirst());
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
    if (owned == null || !owned.agentId().equals(caller.agentId())) {
      McpReplies.error(ctx, 404, McpReplies.INVALID_REQUEST, "no such session; initialize a new one");
      return null;
    }
    return owned.session();
  }

  synchronized void remove(String id) {
    Owned owned = byId.remove(id);
    if (owned != null) {
      byAgent.get(owned.agentId()).remove(id);
    }
  }

  synchronized List<McpStreamableServerSession> all() {
    return byId.values().stream().map(Owned::session).toList();
  }

  synchronized List<McpStreamableServerSession> removeAll() {
    List<McpStreamableServerSession> all = new ArrayList<>(all());
    byId.clear();
    byAgent.clear();
    return all;
  }
}
