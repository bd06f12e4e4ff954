package dev.agentrelay.http.mcp;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.json.Json;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads the one JSON-RPC message a POST to {@code /mcp} carries and checks it before the SDK sees it: the
 * envelope (a JSON object, {@code "jsonrpc": "2.0"}, a string or integer id, a string method, object params) and
 * the params of the methods whose handlers would otherwise fail on missing or ill-typed fields. A message that
 * fails answers 400 with a JSON-RPC error in plain words, echoing the request's id once it could be read.
 */
final class McpMessageReader {

  /** Duplicate keys and anything after the message are errors, not silently dropped. */
  private static final ObjectReader STRICT_READER = Json.MAPPER.reader()
      .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final TypeRef<Map<String, Object>> MAP = new TypeRef<>() {
  };

  /** Why a message is refused: its JSON-RPC error code and a sentence for the client. */
  private static final class Refusal extends RuntimeException {
    private final int code;

    Refusal(int code, String message) {
      super(message, null, false, false);
      this.code = code;
    }
  }

  private final McpJsonMapper mapper;

  McpMessageReader(McpJsonMapper mapper) {
    this.mapper = mapper;
  }

  /** The message, or null after answering 400. */
  McpSchema.JSONRPCMessage read(RoutingContext ctx) {
    try {
      return message(ctx, object(ctx.body().buffer()));
    } catch (Refusal refusal) {
      McpReplies.error(ctx, 400, refusal.code, refusal.getMessage());
      return null;
    }
  }

  private static ObjectNode object(Buffer body) {
    if (body == null || body.length() == 0) {
      throw new Refusal(McpReplies.PARSE_ERROR, "the body is empty; send one JSON-RPC message");
    }
    JsonNode node;
    try {
      node = STRICT_READER.readTree(body.getBytes());
    } catch (JsonProcessingException e) {
      throw new Refusal(McpReplies.PARSE_ERROR, "the body is not valid JSON" + where(e.getLocation()));
    } catch (IOException e) {
      throw new Refusal(McpReplies.PARSE_ERROR, "the body is not valid JSON");
    }
    if (node == null || node.isMissingNode()) {
      throw new Refusal(McpReplies.PARSE_ERROR, "the body is empty; send one JSON-RPC message");
    }
    if (node.isArray()) {
      throw new Refusal(McpReplies.INVALID_REQUEST, "send one JSON-RPC message per request; batches are not"
          + " accepted");
    }
    if (!node.isObject()) {
      throw new Refusal(McpReplies.INVALID_REQUEST, "a JSON-RPC message is a JSON object");
    }
    return (ObjectNode) node;
  }

  private static String where(JsonLocation location) {
    return location == null || location.getLineNr() < 1 ? ""
        : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  private McpSchema.JSONRPCMessage message(RoutingContext ctx, ObjectNode node) {
    boolean response = !node.has("method") && (node.has("result") || node.has("error"));
    Object id = id(node.get("id"), response);
    if (!response && id != null) {
      McpReplies.answering(ctx, id);
    }
    if (!"2.0".equals(node.path("jsonrpc").textValue())) {
      throw new Refusal(McpReplies.INVALID_REQUEST, "'jsonrpc' must be \"2.0\"");
    }
    if (response) {
      return convert(node, McpSchema.JSONRPCResponse.class);
    }
    String method = method(node.get("method"));
    Map<String, Object> params = params(node.get("params"));
    if (id == null) {
      return new McpSchema.JSONRPCNotification(McpSchema.JSONRPC_VERSION, method, params);
    }
    boolean modern = params != null && params.get("_meta") instanceof Map<?, ?> meta
        && meta.containsKey(McpStateless.META_VERSION);
    if (!modern || !McpStateless.removed(method)) {
      checkParams(method, params); // a method 2026-07-28 removed is unknown there, whatever its params
    }
    return new McpSchema.JSONRPCRequest(McpSchema.JSONRPC_VERSION, method, id, params);
  }

  /** A String, Integer or Long as the SDK expects; null when absent (or null in a response). */
  private static Object id(JsonNode id, boolean response) {
    if (id == null || id.isNull() && response) {
      return null;
    }
    if (id.isTextual()) {
      return id.textValue();
    }
    if (id.isIntegralNumber() && id.canConvertToLong()) {
      return id.canConvertToInt() ? (Object) id.intValue() : (Object) id.longValue();
    }
    throw new Refusal(McpReplies.INVALID_REQUEST, "'id' must be a string or an integer of at most 64 bits");
  }

  private static String method(JsonNode method) {
    if (method == null) {
      throw new Refusal(McpReplies.INVALID_REQUEST, "a message needs a 'method' (a request or notification) or a"
          + " 'result' or 'error' (a response)");
    }
    if (!method.isTextual() || method.textValue().isBlank()) {
      throw new Refusal(McpReplies.INVALID_REQUEST, "'method' must be a non-empty string");
    }
    return method.textValue();
  }

  private Map<String, Object> params(JsonNode params) {
    if (params == null || params.isNull()) {
      return null;
    }
    if (!params.isObject()) {
      throw new Refusal(McpReplies.INVALID_PARAMS, "'params' must be an object");
    }
    return mapper.convertValue(params, MAP);
  }

  /** Strings must be JSON strings: the SDK's mapper would take {@code 5} for {@code "5"}. */
  private void checkParams(String method, Map<String, Object> params) {
    switch (method) {
      case McpSchema.METHOD_INITIALIZE -> require(params, McpSchema.InitializeRequest.class,
          init -> params.get("protocolVersion") instanceof String && init.capabilities() != null
              && params.get("clientInfo") instanceof Map<?, ?> client && client.get("name") instanceof String
              && client.get("version") instanceof String,
          "initialize needs params with 'protocolVersion', 'capabilities' and 'clientInfo' (its 'name' and"
              + " 'version')");
      case McpSchema.METHOD_TOOLS_CALL -> require(params, McpSchema.CallToolRequest.class,
          call -> params.get("name") instanceof String name && !name.isBlank(),
          "tools/call needs params with the tool's 'name' and, if it takes any, an 'arguments' object");
      // the SDK reads an unknown level as "info": the name itself is checked
      case McpSchema.METHOD_LOGGING_SET_LEVEL -> require(params, Map.class,
          level -> params.get("level") instanceof String name && McpSchema.LoggingLevel.fromValue(name) != null,
          "logging/setLevel needs params with a 'level' such as \"info\" or \"warning\"");
      case McpSchema.METHOD_RESOURCES_READ, McpSchema.METHOD_RESOURCES_SUBSCRIBE,
          McpSchema.METHOD_RESOURCES_UNSUBSCRIBE -> require(params, Map.class,
          uri -> params.get("uri") instanceof String text && !text.isBlank(),
          method + " needs params with the resource's 'uri', such as \"relay://inbox\"");
      default -> {
      }
    }
  }

  private <T> void require(Map<String, Object> params, Class<T> type, Predicate<T> complete, String sentence) {
    T value;
    try {
      value = params == null ? null : mapper.convertValue(params, type);
    } catch (IllegalArgumentException e) {
      throw new Refusal(McpReplies.INVALID_PARAMS, sentence);
    }
    if (value == null || !complete.test(value)) {
      throw new Refusal(McpReplies.INVALID_PARAMS, sentence);
    }
  }

  private <T> T convert(ObjectNode node, Class<T> type) {
    try {
      return mapper.convertValue(node, type);
    } catch (IllegalArgumentException e) {
      throw new Refusal(McpReplies.INVALID_REQUEST, "a response needs an 'id' and a 'result' object or an 'error'"
          + " with a 'code' and a 'message'");
    }
  }
}
