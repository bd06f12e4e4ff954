package dev.agentrelay.http.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.json.BodyJson;
import dev.agentrelay.core.json.Fields;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Agent;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP+JSON binding under {@code /a2a/{agent_id}/v1}: the specification's paths and verbs, query parameters
 * in camelCase, errors as problem documents that carry the specification's {@code google.rpc.Status}.
 */
final class RestEndpoint {

  private static final Pattern TASK = Pattern.compile("/tasks/([^/:]+)");
  private static final Pattern TASK_ACTION = Pattern.compile("/tasks/([^/:]+):(cancel|subscribe)");
  private static final Pattern CONFIGS = Pattern.compile("/tasks/([^/:]+)/pushNotificationConfigs");
  private static final Pattern CONFIG = Pattern.compile("/tasks/([^/:]+)/pushNotificationConfigs/([^/:]+)");
  private static final Set<String> INT_PARAMS = Set.of("pageSize", "historyLength");
  private static final Set<String> BOOLEAN_PARAMS = Set.of("includeArtifacts");

  private final A2aOperations operations;
  private final A2aStreams streams;
  private final PushConfigs push;

  RestEndpoint(A2aOperations operations, A2aStreams streams, PushConfigs push) {
    this.operations = operations;
    this.streams = streams;
    this.push = push;
  }

  /** {@code path}: the part after {@code /v1}. */
  void handle(RoutingContext ctx, Agent caller, String agentId, String path) {
    try {
      A2aVersion.check(ctx);
      HttpMethod method = ctx.request().method();
      Function<ObjectNode, JsonNode> plain = event -> event;
      Matcher m;
      if (method == HttpMethod.POST && path.equals("/message:send")) {
        answer(ctx, operations.sendMessage(caller, agentId, body(ctx)));
      } else if (method == HttpMethod.POST && path.equals("/message:stream")) {
        streams.sendStreaming(ctx, caller, agentId, body(ctx), plain).onFailure(f -> fail(ctx, f));
      } else if (method == HttpMethod.GET && path.equals("/tasks")) {
        answer(ctx, operations.listTasks(caller, agentId, query(ctx).fields()));
      } else if (method == HttpMethod.GET && (m = TASK.matcher(path)).matches()) {
        answer(ctx, operations.getTask(caller, agentId, query(ctx).withId(id(m, 1))));
      } else if ((m = TASK_ACTION.matcher(path)).matches() && m.group(2).equals("cancel")
          && method == HttpMethod.POST) {
        answer(ctx, operations.cancelTask(caller, agentId, Fields.of(Json.object().put("id", id(m, 1)))));
      } else if ((m = TASK_ACTION.matcher(path)).matches() && m.group(2).equals("subscribe")
          && (method == HttpMethod.POST || method == HttpMethod.GET)) {
        streams.subscribe(ctx, caller, agentId, Fields.of(Json.object().put("id", id(m, 1))), plain)
            .onFailure(f -> fail(ctx, f));
      } else if ((m = CONFIGS.matcher(path)).matches() && method == HttpMethod.POST) {
        answer(ctx, push.create(caller, agentId, id(m, 1), body(ctx)));
      } else if ((m = CONFIGS.matcher(path)).matches() && method == HttpMethod.GET) {
        answer(ctx, push.list(caller, agentId, id(m, 1)));
      } else if ((m = CONFIG.matcher(path)).matches() && method == HttpMethod.GET) {
        answer(ctx, push.get(caller, agentId, id(m, 1), id(m, 2)));
      } else if ((m = CONFIG.matcher(path)).matches() && method == HttpMethod.DELETE) {
        push.delete(caller, agentId, id(m, 1), id(m, 2))
            .onSuccess(done -> ctx.response().setStatusCode(204).end()).onFailure(f -> fail(ctx, f));
      } else if (method == HttpMethod.GET && path.equals("/extendedAgentCard")) {
        throw A2aError.unsupportedOperation(
            "this agent has no extended agent card (capabilities.extendedAgentCard is false)");
      } else {
        throw A2aError.methodNotFound(method.name() + " /v1" + (path.length() > 100 ? path.substring(0, 100) : path));
      }
    } catch (RuntimeException failure) {
      fail(ctx, failure);
    }
  }

  private static void answer(RoutingContext ctx, Future<JsonNode> result) {
    result.onSuccess(body -> A2aReplies.sendJson(ctx, 200, A2aReplies.A2A_JSON, body)).onFailure(f -> fail(ctx, f));
  }

  private static void fail(RoutingContext ctx, Throwable failure) {
    A2aReplies.sendHttpError(ctx, A2aError.from(failure));
  }

  private static String id(Matcher m, int group) {
    return URLDecoder.decode(m.group(group), StandardCharsets.UTF_8);
  }

  private static Fields body(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    String media = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
    if (!media.equals("application/json") && !media.equals(A2aReplies.A2A_JSON)) {
      throw new RelayException(dev.agentrelay.core.Failure.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
          "send the body as application/json or application/a2a+json");
    }
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      throw A2aError.invalidParams("this call needs a JSON object body");
    }
    JsonNode node = BodyJson.read(body.getBytes());
    if (!node.isObject()) {
      throw A2aError.invalidParams("the body must be a JSON object");
    }
    return Fields.of(node);
  }

  /** The query parameters as a request object: numbers and booleans where the request has them. */
  private static QueryFields query(RoutingContext ctx) {
    ObjectNode node = Json.object();
    ctx.queryParams().forEach(entry -> {
      String name = entry.getKey();
      String value = entry.getValue();
      if (INT_PARAMS.contains(name)) {
        try {
          node.put(name, Integer.parseInt(value));
        } catch (NumberFormatException e) {
          throw A2aError.invalidParams("query parameter '" + name + "' must be an integer");
        }
      } else if (BOOLEAN_PARAMS.contains(name)) {
        if (!value.equals("true") && !value.equals("false")) {
          throw A2aError.invalidParams("query parameter '" + name + "' must be true or false");
        }
        node.put(name, Boolean.parseBoolean(value));
      } else if (!name.equals(A2aVersion.HEADER)) {
        node.put(name, value);
      }
    });
    return new QueryFields(node);
  }

  /** Query parameters, to which a path's task id can be added. */
  private record QueryFields(ObjectNode node) {
    Fields withId(String id) {
      return Fields.of(node.put("id", id));
    }

    Fields fields() {
      return Fields.of(node);
    }
  }
}
