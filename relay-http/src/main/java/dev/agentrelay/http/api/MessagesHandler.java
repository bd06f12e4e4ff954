package dev.agentrelay.http.api;

import dev.agentrelay.core.service.Broadcast;
import dev.agentrelay.core.service.SendMessage;
import io.vertx.ext.web.RoutingContext;

/** {@code /api/v1/messages} and {@code /api/v1/broadcast}; each answer lists the deliveries it made. */
final class MessagesHandler {

  private final Creations creations;

  MessagesHandler(Creations creations) {
    this.creations = creations;
  }

  void send(RoutingContext ctx) {
    creations.create(ctx, SendTerms.withDeliveries(ctx, SendMessage.parse(Requests.actor(ctx), Requests.body(ctx))));
  }

  void broadcast(RoutingContext ctx) {
    creations.create(ctx, SendTerms.withDeliveries(ctx, Broadcast.parse(Requests.actor(ctx), Requests.body(ctx))));
  }
}
