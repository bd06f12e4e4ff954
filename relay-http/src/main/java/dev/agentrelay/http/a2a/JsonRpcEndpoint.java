package dev.agentrelay.http.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.json.BodyJson;
import dev.agentrelay.core.json.Fields;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Agent;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * The JSON-RPC 2.0 binding at {@code POST /a2a/{agent_id}}: the 1.0 method names and their 0.3 names. Errors are
 * JSON-RPC error objects with HTTP 200; the streaming methods answer SSE once the task is known.
 */
final class JsonRpcEndpoint {

  /** 0.3 method names and the 1.0 names they became. */
  static final Map<String, String> LEGACY_NAMES = Map.ofEntries(
      Map.entry("message/send", "SendMessage"),
      Map.entry("message/stream", "SendStreamingMessage"),
      Map.entry("tasks/get", "GetTask"),
      Map.entry("tasks/list", "ListTasks"),
      Map.entry("tasks/cancel", "CancelTask"),
      Map.entry("tasks/resubscribe", "SubscribeToTask"),
      Map.entry("tasks/pushNotificationConfig/set", "CreateTaskPushNotificationConfig"),
      Map.entry("tasks/pushNotificationConfig/get", "GetTaskPushNotificationConfig"),
      Map.entry("tasks/pushNotificationConfig/list", "ListTaskPushNotificationConfigs"),
      Map.entry("tasks/pushNotificationConfig/delete", "DeleteTaskPushNotificationConfig"),
      Map.entry("agent/getAuthenticatedExtendedCard", "GetExtendedAgentCard"));

  private final A2aOperations operations;
  private final A2aStreams streams;
  private final PushConfigs push;

  JsonRpcEndpoint(A2aOperations operations, A2aStreams streams, PushConfigs push) {
    this.operations = operations;
    this.streams = streams;
    this.push = push;
  }

  void handle(RoutingContext ctx, Agent caller, String agentId) {
    JsonNode id = NullNode.getInstance();
    try {
      ObjectNode request = parse(ctx);
      id = request.has("id") ? request.get("id") : NullNode.getInstance();
      checkEnvelope(request);
      A2aVersion.check(ctx);
      String method = request.get("method").asText();
      String name = LEGACY_NAMES.getOrDefault(method, method);
      JsonNode params = request.get("params");
      if (params != null && !params.isObject()) {
        throw A2aError.invalidParams("'params' must be an object");
      }
      Fields fields = Fields.of(params == null ? Json.object() : params);
      JsonNode requestId = id;
      if (name.equals("SendStreamingMessage") || name.equals("SubscribeToTask")) {
        Future<Void> started = name.equals("SendStreamingMessage")
            ? streams.sendStreaming(ctx, caller, agentId, fields, event -> A2aReplies.rpcResult(requestId, event))
            : streams.subscribe(ctx, caller, agentId, fields, event -> A2aReplies.rpcResult(requestId, event));
        started.onFailure(failure -> answerError(ctx, requestId, failure));
        return;
      }
      call(name, caller, agentId, fields)
          .onSuccess(result -> A2aReplies.sendJson(ctx, 200, "application/json",
              A2aReplies.rpcResult(requestId, result)))
          .onFailure(failure -> answerError(ctx, requestId, failure));
    } catch (RuntimeException failure) {
      answerError(ctx, id, failure);
    }
  }

  private Future<JsonNode> call(String name, Agent caller, String agentId, Fields params) {
    return switch (name) {
      case "SendMessage" -> operations.sendMessage(caller, agentId, params);
      case "GetTask" -> operations.getTask(caller, agentId, params);
      case "ListTasks" -> operations.listTasks(caller, agentId, params);
      case "CancelTask" -> operations.cancelTask(caller, agentId, params);
      case "CreateTaskPushNotificationConfig" -> push.create(caller, agentId, params.optionalText("taskId", 128),
          params);
      case "GetTaskPushNotificationConfig" -> push.get(caller, agentId, params.optionalText("taskId", 128),
          params.optionalText("id", 128));
      case "ListTaskPushNotificationConfigs" -> push.list(caller, agentId, params.optionalText("taskId", 128));
      case "DeleteTaskPushNotificationConfig" -> push.delete(caller, agentId, params.optionalText("taskId", 128),
          params.optionalText("id", 128));
      case "GetExtendedAgentCard" -> throw A2aError.unsupportedOperation(
          "this agent has no extended agent card (capabilities.extendedAgentCard is false)");
      default -> throw A2aError.methodNotFound(name.length() > 100 ? name.substring(0, 100) : name);
    };
  }

  private static ObjectNode parse(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      throw A2aError.invalidRequest("the body must be a JSON-RPC 2.0 request object");
    }
    JsonNode request;
    try {
      request = BodyJson.read(body.getBytes());
    } catch (RelayException e) {
      throw A2aError.parseError();
    }
    if (!request.isObject()) {
      throw A2aError.invalidRequest("the body must be a JSON-RPC 2.0 request object (batches are not supported)");
    }
    return (ObjectNode) request;
  }

  private static void checkEnvelope(ObjectNode request) {
    JsonNode id = request.get("id");
    if (!"2.0".equals(request.path("jsonrpc").asText(null))) {
      throw A2aError.invalidRequest("'jsonrpc' must be \"2.0\"");
    }
    if (id != null && !id.isTextual() && !id.isIntegralNumber() && !id.isNull()) {
      throw A2aError.invalidRequest("'id' must be a string, an integer or null");
    }
    if (!request.path("method").isTextual()) {
      throw A2aError.invalidRequest("'method' must be a string");
    }
  }

  private static void answerError(RoutingContext ctx, JsonNode id, Throwable failure) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    A2aReplies.sendJson(ctx, 200, "application/json", A2aReplies.rpcError(id, A2aError.from(failure)));
  }
}
