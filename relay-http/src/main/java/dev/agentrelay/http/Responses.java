package dev.agentrelay.http;

import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.store.StoredResponse;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/** Writing JSON answers. */
final class Responses {

  static final String JSON = "application/json";
  static final String REPLAYED_HEADER = "Idempotent-Replayed";

  private Responses() {
  }

  static void json(RoutingContext ctx, int status, Object body) {
    send(ctx, status, Buffer.buffer(Json.writeBytes(body)));
  }

  static void stored(RoutingContext ctx, StoredResponse response) {
    if (response.replayed()) {
      ctx.response().putHeader(REPLAYED_HEADER, "true");
    }
    send(ctx, response.status(), Buffer.buffer(response.body()));
  }

  static void noContent(RoutingContext ctx) {
    ctx.response().setStatusCode(204).end();
  }

  private static void send(RoutingContext ctx, int status, Buffer body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", JSON).end(body);
  }
}
