package dev.agentrelay.http.api;

import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.bus.StoreClient;
import dev.agentrelay.core.model.Agent;
import dev.agentrelay.core.service.AccessPolicy;
import dev.agentrelay.core.service.Acknowledge;
import dev.agentrelay.core.service.ReadInbox;
import dev.agentrelay.core.bus.HandOvers;
import dev.agentrelay.http.HttpContext;
import dev.agentrelay.http.KeyWatch;
import dev.agentrelay.http.push.InboxStream;
import dev.agentrelay.http.push.LongPoll;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Consumer;

/** {@code /api/v1/inbox}: reading (polling, long-polling, streaming) and acknowledging deliveries. */
final class InboxHandler {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 200;
  static final int MAX_WAIT_SECONDS = 60;

  private final Vertx vertx;
  private final StoreClient store;
  private final HttpContext http;
  private final HandOvers handOvers;

  InboxHandler(Vertx vertx, StoreClient store, HttpContext http) {
    this.vertx = vertx;
    this.store = store;
    this.http = http;
    this.handOvers = http.handOvers();
  }

  void read(RoutingContext ctx) {
    QueryParams query = new QueryParams(ctx);
    String agentId = inboxOwner(ctx, query);
    long after = query.number("after", 0, 0, Long.MAX_VALUE);
    int limit = query.limit(DEFAULT_LIMIT, MAX_LIMIT);
    String from = query.text("from", 64);
    long wait = query.number("wait", 0, 0, MAX_WAIT_SECONDS);
    ReadInbox read = new ReadInbox(agentId, after, from, limit);
    // the relay's own /mcp calls carry a live pass; a made-up one, and the stdio bridge, read as any REST client
    Consumer<long[]> answered = handedOver(ctx, agentId,
        http.mcp().callPasses().paid(ctx) ? HandOvers.Via.MCP : HandOvers.Via.POLL);
    if (wait > 0) {
      new LongPoll(vertx, store, http, ctx, read, wait, answered).start();
      return;
    }
    store.read(read).onSuccess(page -> {
      // noted before the answer goes out: a write the reader makes once it has the page is committed after the note
      answered.accept(page.seqs());
      Responses.json(ctx, 200, page);
    }).onFailure(ctx::fail);
  }

  /**
   * What notes the items of a page (or an SSE event) as handed over. Only the inbox's own agent takes delivery:
   * a tier-1 agent looking into another agent's inbox hands nothing to it.
   */
  private Consumer<long[]> handedOver(RoutingContext ctx, String agentId, HandOvers.Via via) {
    if (!agentId.equals(Requests.actor(ctx).agentId())) {
      return seqs -> { };
    }
    return seqs -> handOvers.handed(via, seqs);
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
    Consumer<long[]> sent = handedOver(ctx, agentId, HandOvers.Via.SSE);
    new InboxStream(vertx, store, http.counters(), ctx.response(), agentId, after, http.config().sseKeepAliveMillis(),
        new KeyWatch(vertx, http.agents(), ctx), http.streamSlots()::release, seq -> sent.accept(new long[] {seq}),
        http.config().cluster().clustered()).start();
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
