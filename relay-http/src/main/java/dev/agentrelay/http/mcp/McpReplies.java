package dev.agentrelay.http.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.http.api.Responses;
import io.vertx.ext.web.RoutingContext;

/** The plain answers of {@code /mcp}: JSON-RPC results and errors, and empty acknowledgements. */
final class McpReplies {

  static final int PARSE_ERROR = -32700;
  static final int INVALID_REQUEST = -32600;
  static final int INVALID_PARAMS = -32602;
  static final int INTERNAL_ERROR = -32603;
  static final int METHOD_NOT_FOUND = -32601;
  /** MCP 2026-07-28: the HTTP headers do not match the body, or a required one is missing. */
  static final int HEADER_MISMATCH = -32020;
  /** MCP 2026-07-28: a request needs a client capability it did not declare. */
  static final int MISSING_REQUIRED_CLIENT_CAPABILITY = -32021;
  /** MCP 2026-07-28, also answered to older clients that name a version this server does not speak. */
  static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;

  /** The id of the JSON-RPC request being answered, once it has been read: a String, Integer or Long. */
  private static final String REQUEST_ID = "relay.mcp.requestId";

  private McpReplies() {
  }

  static void json(RoutingContext ctx, int status, String body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", Responses.JSON).end(body);
  }

  /** Notes the id of the request {@code ctx} carries, so that every error answering it echoes the id. */
  static void answering(RoutingContext ctx, Object requestId) {
    ctx.put(REQUEST_ID, requestId);
  }

  /**
   * A JSON-RPC error with the HTTP status the transport spec asks for. Its id is the request's when it could be
   * read, as JSON-RPC asks, and null otherwise (a notification, a response, or a message too broken to tell).
   */
  static void error(RoutingContext ctx, int status, int code, String message) {
    error(ctx, status, code, message, null);
  }

  /** The same with the error's {@code data}, when it has some. */
  static void error(RoutingContext ctx, int status, int code, String message, ObjectNode data) {
    ObjectNode body = Json.object().put("jsonrpc", "2.0");
    Object id = ctx.get(REQUEST_ID);
    if (id instanceof String text) {
      body.put("id", text);
    } else if (id instanceof Number number) {
      body.put("id", number.longValue());
    } else {
      body.putNull("id");
    }
    ObjectNode error = body.putObject("error").put("code", code).put("message", message);
    if (data != null) {
      error.set("data", data);
    }
    json(ctx, status, Json.write(body));
  }

  /** A version this server does not speak: the versions it does, newest first, and the one asked for. */
  static void unsupportedVersion(RoutingContext ctx, String requested) {
    ObjectNode data = Json.object();
    McpVersions.ALL.forEach(data.putArray("supported")::add);
    data.put("requested", requested);
    error(ctx, 400, UNSUPPORTED_PROTOCOL_VERSION, "unsupported protocol version '" + requested + "'; this server"
        + " speaks " + String.join(", ", McpVersions.ALL), data);
  }

  static void accepted(RoutingContext ctx) {
    ctx.response().setStatusCode(202).end();
  }
}
