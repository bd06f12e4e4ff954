package dev.agentrelay.http;

import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.model.Agent;
import dev.agentrelay.core.service.AccessPolicy;
import dev.agentrelay.core.service.Acknowledge;
import dev.agentrelay.core.service.ReadInbox;
import dev.agentrelay.core.store.StoreClient;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/** {@code /api/v1/inbox}: reading (polling, long-polling, streaming) and acknowledging deliveries. */
final class InboxHandler {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 200;
  static final int MAX_WAIT_SECONDS = 60;

  private final Vertx vertx;
  private final StoreClient store;
  private final HttpContext http;

  InboxHandler(Vertx vertx, StoreClient store, HttpContext http) {
    this.vertx = vertx;
    this.store = store;
    this.http = http;
  }

  void read(RoutingContext ctx) {
    QueryParams query = new QueryParams(ctx);
    String agentId = inboxOwner(ctx, query);
    long after = query.number("after", 0, 0, Long.MAX_VALUE);
    int limit = query.limit(DEFAULT_LIMIT, MAX_LIMIT);
    String from = query.text("from", 64);
    long wait = query.number("wait", 0, 0, MAX_WAIT_SECONDS);
    ReadInbox read = new ReadInbox(agentId, after, from, limit);
    if (wait > 0) {
      new LongPoll(vertx, store, http, ctx, read, wait).start();
      return;
    }
    store.read(read).onSuccess(page -> Responses.json(ctx, 200, page)).onFailure(ctx::fail);
  }

  /** {@code GET /inbox/stream}: resumes after {@code Last-Event-ID}, else {@code ?after=}, else from the start. */
  void stream(RoutingContext ctx) {
    QueryParams query = new QueryParams(ctx);
    String agentId = inboxOwner(ctx, query);
    long after = query.number("after", 0, 0, Long.MAX_VALUE);
    String lastEventId = ctx.request().getHeader("Last-Event-ID");
    if (lastEventId != null && !lastEventId.isBlank()) {
      after = parseLastEventId(lastEventId.trim());
    }
    http.streamSlots().take(agentId);
    new InboxStream(vertx, store, http.counters(), ctx.response(), agentId, after, http.config().sseKeepAliveMillis(),
        new KeyWatch(vertx, http.agents(), ctx), http.streamSlots()::release).start();
  }

  private static long parseLastEventId(String text) {
    try {
      long seq = Long.parseLong(text);
      if (seq >= 0) {
        return seq;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw RelayException.badRequest("Last-Event-ID must be a seq the stream sent (got '" + text + "')");
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
    if (http.agents().find(agentId).isEmpty()) {
      throw RelayException.agentNotFound(agentId);
    }
    return agentId;
  }
}
