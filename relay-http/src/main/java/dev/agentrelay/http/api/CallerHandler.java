package dev.agentrelay.http.api;

import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/v1/whoami}: the agent a key belongs to, so a client holding only a key can say who it is. */
final class CallerHandler {

  void whoami(RoutingContext ctx) {
    Responses.json(ctx, 200, AgentView.seenBy(Requests.actor(ctx), Requests.actor(ctx)));
  }
}
