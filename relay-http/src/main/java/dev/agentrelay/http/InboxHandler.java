package dev.agentrelay.http;

import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.auth.AgentDirectory;
import dev.agentrelay.core.model.Agent;
import dev.agentrelay.core.service.AccessPolicy;
import dev.agentrelay.core.service.Acknowledge;
import dev.agentrelay.core.service.ReadInbox;
import dev.agentrelay.core.store.StoreClient;
import io.vertx.ext.web.RoutingContext;

/** {@code /api/v1/inbox}: reading unacknowledged deliveries and acknowledging them. */
final class InboxHandler {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 200;
  static final int MAX_WAIT_SECONDS = 60;

  private final StoreClient store;
  private final AgentDirectory agents;

  InboxHandler(StoreClient store, AgentDirectory agents) {
    this.store = store;
    this.agents = agents;
  }

  void read(RoutingContext ctx) {
    QueryParams query = new QueryParams(ctx);
    String agentId = inboxOwner(ctx, query);
    long after = query.number("after", 0, 0, Long.MAX_VALUE);
    int limit = query.limit(DEFAULT_LIMIT, MAX_LIMIT);
    String from = query.text("from", 64);
    query.number("wait", 0, 0, MAX_WAIT_SECONDS);
    store.read(new ReadInbox(agentId, after, from, limit))
        .onSuccess(page -> Responses.json(ctx, 200, page))
        .onFailure(ctx::fail);
  }

  void ack(RoutingContext ctx) {
    String agentId = inboxOwner(ctx, new QueryParams(ctx));
    store.write(Acknowledge.parse(Requests.actor(ctx).agentId(), agentId, Requests.body(ctx)))
        .onSuccess(acked -> Responses.json(ctx, 200, acked))
        .onFailure(ctx::fail);
  }

  /** The caller's own inbox, or with {@code ?agent_id=} (tier 1 only) another agent's. */
  private String inboxOwner(RoutingContext ctx, QueryParams query) {
    Agent actor = Requests.actor(ctx);
    String agentId = query.text("agent_id", 64);
    if (agentId == null || agentId.equals(actor.agentId())) {
      return actor.agentId();
    }
    AccessPolicy.checkTier1(actor, "reading another agent's inbox");
    if (agents.find(agentId).isEmpty()) {
      throw RelayException.agentNotFound(agentId);
    }
    return agentId;
  }
}
