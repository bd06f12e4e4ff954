package dev.agentrelay.http.api;

import dev.agentrelay.core.bus.StoredResponse;
import dev.agentrelay.core.json.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/** Writing JSON answers. */
public final class Responses {

  public static final String JSON = "application/json";
  static final String REPLAYED_HEADER = "Idempotent-Replayed";

  private Responses() {
  }

  /**
   * Called from store callbacks, where an exception would go to the event loop and leave the request unanswered:
   * a value that cannot be encoded fails the request instead (500, with the cause in the log).
   */
  public static void json(RoutingContext ctx, int status, Object body) {
    Buffer encoded;
    try {
      encoded = Buffer.buffer(Json.writeBytes(body));
    } catch (RuntimeException e) {
      ctx.fail(e);
      return;
    }
    send(ctx, status, encoded);
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
