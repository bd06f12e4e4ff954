package dev.agentrelay.http.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.a2a.A2aJson;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Times;
import io.vertx.ext.web.RoutingContext;

/** Writing A2A answers and errors in the shapes of the two bindings. */
final class A2aReplies {

  static final String A2A_JSON = A2aJson.MEDIA_TYPE;
  static final String PROBLEM_JSON = "application/problem+json";
  static final String ERROR_INFO = "type.googleapis.com/google.rpc.ErrorInfo";
  static final String DOMAIN = "a2a-protocol.org";

  private A2aReplies() {
  }

  /** A JSON-RPC success: {@code {"jsonrpc", "id", "result"}}. */
  static ObjectNode rpcResult(JsonNode id, JsonNode result) {
    ObjectNode node = Json.object().put("jsonrpc", "2.0");
    node.set("id", id);
    node.set("result", result);
    return node;
  }

  /** A JSON-RPC error with an {@code ErrorInfo} detail naming the A2A error. */
  static ObjectNode rpcError(JsonNode id, A2aError error) {
    ObjectNode node = Json.object().put("jsonrpc", "2.0");
    node.set("id", id);
    ObjectNode body = node.putObject("error").put("code", error.rpcCode()).put("message", error.getMessage());
    body.putArray("data").add(errorInfo(error));
    return node;
  }

  /**
   * An HTTP+JSON error: the specification's {@code google.rpc.Status} under {@code "error"}, in an RFC 9457
   * problem document like every other error of the relay.
   */
  static ObjectNode httpError(A2aError error) {
    ObjectNode node = Json.object().put("type", "about:blank").put("title", title(error.httpStatus()))
        .put("status", error.httpStatus()).put("detail", error.getMessage())
        .put("code", error.reason().toLowerCase(java.util.Locale.ROOT));
    ObjectNode status = node.putObject("error").put("code", error.httpStatus()).put("status", error.grpcStatus())
        .put("message", error.getMessage());
    status.putArray("details").add(errorInfo(error));
    return node;
  }

  static void sendHttpError(RoutingContext ctx, A2aError error) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    ctx.response().setStatusCode(error.httpStatus()).putHeader("Content-Type", PROBLEM_JSON)
        .end(Json.write(httpError(error)));
  }

  static void sendJson(RoutingContext ctx, int status, String contentType, JsonNode body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", contentType).end(Json.write(body));
  }

  private static ObjectNode errorInfo(A2aError error) {
    ObjectNode info = Json.object().put("@type", ERROR_INFO).put("reason", error.reason()).put("domain", DOMAIN);
    info.putObject("metadata").put("timestamp", Times.format(System.currentTimeMillis()));
    return info;
  }

  private static String title(int status) {
    return switch (status) {
      case 400 -> "Bad request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not found";
      case 409 -> "Conflict";
      case 422 -> "Invalid request";
      case 429 -> "Too many requests";
      case 503 -> "Storage unavailable";
      default -> "Internal error";
    };
  }
}
