package dev.agentrelay.http;

import dev.agentrelay.core.service.Broadcast;
import dev.agentrelay.core.service.SendMessage;
import io.vertx.ext.web.RoutingContext;

/** {@code /api/v1/messages} and {@code /api/v1/broadcast}. */
final class MessagesHandler {

  private final Creations creations;

  MessagesHandler(Creations creations) {
    this.creations = creations;
  }

  void send(RoutingContext ctx) {
    creations.create(ctx, SendMessage.parse(Requests.actor(ctx), Requests.body(ctx)));
  }

  void broadcast(RoutingContext ctx) {
    creations.create(ctx, Broadcast.parse(Requests.actor(ctx), Requests.body(ctx)));
  }
}
