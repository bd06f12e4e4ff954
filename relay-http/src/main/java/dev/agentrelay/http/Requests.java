package dev.agentrelay.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.agentrelay.core.Failure;
import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.json.Fields;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Agent;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.Locale;

/** Reading what a request carries: the authenticated agent and a JSON body. */
final class Requests {

  static final String AGENT_KEY = "relay.agent";
  /** The caller's key itself, kept for the request only: {@code /mcp} acts with it over loopback. */
  static final String API_KEY = "relay.apiKey";

  /** Duplicate keys and anything after the object are errors, not silently dropped. */
  private static final ObjectReader STRICT_READER = Json.MAPPER.reader()
      .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Requests() {
  }

  /** The agent the bearer key belongs to; set by {@link Authenticator} on every /api/v1 route but health. */
  static Agent actor(RoutingContext ctx) {
    return ctx.get(AGENT_KEY);
  }

  /** The JSON object body: 415 if it is not declared JSON, 400 if it is missing or malformed. */
  static Fields body(RoutingContext ctx) {
    Buffer buffer = ctx.body().buffer();
    if (buffer == null || buffer.length() == 0) {
      throw RelayException.badRequest("this call needs a JSON object body");
    }
    return Fields.of(parse(ctx, buffer));
  }

  /** Like {@link #body} but an absent body reads as {@code {}}. */
  static Fields optionalBody(RoutingContext ctx) {
    Buffer buffer = ctx.body().buffer();
    if (buffer == null || buffer.length() == 0) {
      return Fields.of(Json.object());
    }
    return Fields.of(parse(ctx, buffer));
  }

  private static JsonNode parse(RoutingContext ctx, Buffer buffer) {
    checkJsonContentType(ctx);
    try {
      JsonNode node = STRICT_READER.readTree(buffer.getBytes());
      if (node == null || node.isMissingNode()) {
        throw RelayException.badRequest("this call needs a JSON object body");
      }
      return node;
    } catch (IOException e) {
      throw RelayException.badRequest("the body is not valid JSON: " + firstLine(e.getMessage()));
    }
  }

  private static void checkJsonContentType(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    int parameters = type == null ? -1 : type.indexOf(';');
    String mediaType = type == null ? "" : (parameters < 0 ? type : type.substring(0, parameters)).trim()
        .toLowerCase(Locale.ROOT);
    if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
      throw new RelayException(Failure.UNSUPPORTED_MEDIA_TYPE, null,
          "send the body as Content-Type: application/json (got '" + (type == null ? "none" : type) + "')");
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
