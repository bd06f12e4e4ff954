package dev.agentrelay.http;

import dev.agentrelay.core.json.Json;
import io.vertx.ext.web.RoutingContext;

/** The plain answers of {@code /mcp}: JSON-RPC results and errors, and empty acknowledgements. */
final class McpReplies {

  static final int PARSE_ERROR = -32700;
  static final int INVALID_REQUEST = -32600;
  static final int INVALID_PARAMS = -32602;
  static final int INTERNAL_ERROR = -32603;

  private McpReplies() {
  }

  static void json(RoutingContext ctx, int status, String body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", Responses.JSON).end(body);
  }

  /** A JSON-RPC error not tied to a request id, with the HTTP status the transport spec asks for. */
  static void error(RoutingContext ctx, int status, int code, String message) {
    var body = Json.object().put("jsonrpc", "2.0").putNull("id");
    body.putObject("error").put("code", code).put("message", message);
    json(ctx, status, Json.write(body));
  }

  static void accepted(RoutingContext ctx) {
    ctx.response().setStatusCode(202).end();
  }
}
