package dev.agentrelay.http.api;

import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.json.BodyJson;
import dev.agentrelay.core.json.Fields;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Agent;
import dev.agentrelay.http.Authenticator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/** Reading what a request carries: the authenticated agent and a JSON body. */
public final class Requests {

  public static final String AGENT_KEY = "relay.agent";
  /** The caller's key itself, kept for the request only: {@code /mcp} acts with it over loopback. */
  public static final String API_KEY = "relay.apiKey";
  /** The stored hash of that key, which matched it when the request was authenticated. */
  public static final String KEY_HASH = "relay.keyHash";

  private Requests() {
  }

  /** The agent the bearer key belongs to; set by {@link Authenticator} on every /api/v1 route but health. */
  public static Agent actor(RoutingContext ctx) {
    return ctx.get(AGENT_KEY);
  }

  /** The JSON object body: 415 if it is not declared JSON, 400 if it is missing or malformed. */
  static Fields body(RoutingContext ctx) {
    checkJsonIfPresent(ctx);
    Buffer buffer = ctx.body().buffer();
    if (buffer == null || buffer.length() == 0) {
      throw RelayException.badRequest("this call needs a JSON object body");
    }
    return Fields.of(BodyJson.read(buffer.getBytes()));
  }

  /** Like {@link #body} but an absent body reads as {@code {}}; a body of another type is still a 415. */
  static Fields optionalBody(RoutingContext ctx) {
    checkJsonIfPresent(ctx);
    Buffer buffer = ctx.body().buffer();
    if (buffer == null || buffer.length() == 0) {
      return Fields.of(Json.object());
    }
    return Fields.of(BodyJson.read(buffer.getBytes()));
  }

  /**
   * Before the body handler, which would decode a form or multipart body itself (and fail on a method that may
   * not carry one, or on a malformed query): such a body is a 415 whatever the route.
   */
  /**
   * A NUL character ({@code %00}) in the path or query can be no agent's, task's or filter's value, and no stored text
   * holds one (PostgreSQL's cannot): refused before anything looks it up.
   */
  static void refuseNul(RoutingContext ctx) {
    if (ctx.request().uri().toLowerCase(java.util.Locale.ROOT).contains("%00")) {
      throw RelayException.badRequest("the URL holds %00, a NUL character, which no identifier or filter can hold");
    }
    ctx.next();
  }

  static void refuseFormBodies(RoutingContext ctx) {
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    String mediaType = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
    if (mediaType.startsWith("multipart/") || mediaType.equals("application/x-www-form-urlencoded")) {
      MediaTypes.requireJson(type);
    }
    ctx.next();
  }

  /**
   * Decided on the headers, not on the buffer: the body handler keeps no buffer for a form or multipart body,
   * which would otherwise read as an absent body and let the call act.
   */
  private static void checkJsonIfPresent(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    boolean present = request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null
        || length != null && !length.trim().matches("0+")
        || ctx.body().length() > 0;
    if (present) {
      MediaTypes.requireJson(request.getHeader(HttpHeaders.CONTENT_TYPE));
    }
  }
}
