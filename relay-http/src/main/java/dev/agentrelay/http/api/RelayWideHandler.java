package dev.agentrelay.http.api;

import dev.agentrelay.core.bus.StoreClient;
import dev.agentrelay.core.service.AccessPolicy;
import dev.agentrelay.core.service.ReadAgentFigures;
import dev.agentrelay.http.HttpContext;
import dev.agentrelay.http.KeyWatch;
import dev.agentrelay.http.push.DeliveriesStream;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * The tier-1 views across every agent that dashboards and operators use: {@code GET /deliveries/stream}
 * (every delivery as it is committed) and {@code GET /stats/agents} (inbox depth and webhook health per agent).
 */
final class RelayWideHandler {

  private final Vertx vertx;
  private final StoreClient store;
  private final HttpContext http;

  RelayWideHandler(Vertx vertx, StoreClient store, HttpContext http) {
    this.vertx = vertx;
    this.store = store;
    this.http = http;
  }

  /** Live only; counts against the caller's SSE streams ({@code RELAY_SSE_MAX_STREAMS_PER_AGENT}). */
  void deliveriesStream(RoutingContext ctx) {
    String agentId = Requests.actor(ctx).agentId();
    AccessPolicy.checkTier1(Requests.actor(ctx), "following every delivery of the relay");
    http.streamSlots().take(agentId);
    new DeliveriesStream(vertx, http.counters(), ctx.response(), http.config().sseKeepAliveMillis(),
        new KeyWatch(vertx, http.agents(), ctx), () -> http.streamSlots().release(agentId)).start();
  }

  void agentFigures(RoutingContext ctx) {
    AccessPolicy.checkTier1(Requests.actor(ctx), "reading every agent's figures");
    store.read(new ReadAgentFigures()).onSuccess(figures -> Responses.json(ctx, 200, figures)).onFailure(ctx::fail);
  }
}
