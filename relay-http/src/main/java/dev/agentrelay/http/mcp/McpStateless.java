package dev.agentrelay.http.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.RelayVersion;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Agent;
import dev.agentrelay.core.tools.InboxResource;
import dev.agentrelay.core.tools.RelayApi;
import dev.agentrelay.core.tools.RelayTools;
import dev.agentrelay.core.tools.ToolCaller;
import dev.agentrelay.core.tools.ToolRunner;
import dev.agentrelay.core.tools.ToolSpec;
import dev.agentrelay.http.api.Requests;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * MCP revision 2026-07-28 on {@code /mcp}: stateless, no initialize and no session; each request names its version
 * and the client's capabilities in {@code params._meta} and mirrors its method (and tool name or resource URI) in
 * the {@code Mcp-Method} and {@code Mcp-Name} headers. The MCP Java SDK 1.1.5 does not know this revision, so
 * this small dispatcher serves it beside the SDK's server, with the same tools ({@link RelayTools} through
 * {@link ToolRunner}, over loopback with the caller's key and pass), the same inbox resource and the same route
 * checks (origin, key, rate limit, body limit). Every answer is one JSON object, except {@code subscriptions/listen}
 * ({@link McpListenStream}).
 */
final class McpStateless {

  static final String META_VERSION = "io.modelcontextprotocol/protocolVersion";
  static final String META_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
  static final String META_SERVER_INFO = "io.modelcontextprotocol/serverInfo";
  private static final Logger LOG = Logger.getLogger(McpStateless.class.getName());
  /** Lists depend on the agent's permissions: private to it, and fresh for a minute. */
  private static final long LIST_TTL_MILLIS = 60_000;

  private final McpHeaderChecks headers = new McpHeaderChecks();
  private final McpCallPasses passes;
  private final BiFunction<String, String, RelayApi> apiFor;
  private final McpListenStream.Factory listen;

  McpStateless(McpCallPasses passes, BiFunction<String, String, RelayApi> apiFor, McpListenStream.Factory listen) {
    this.passes = passes;
    this.apiFor = apiFor;
    this.listen = listen;
  }

  /**
   * Whether {@code message} belongs to 2026-07-28: the header names it, or the request's {@code _meta} names a
   * version (a legacy request never does).
   */
  static boolean isModern(RoutingContext ctx, McpSchema.JSONRPCMessage message) {
    return McpVersions.modernHeader(ctx) || message instanceof McpSchema.JSONRPCRequest request
        && meta(request).has(META_VERSION);
  }

  void handle(RoutingContext ctx, Agent caller, McpSchema.JSONRPCMessage message) {
    if (message instanceof McpSchema.JSONRPCNotification) {
      McpReplies.accepted(ctx); // closing a stream cancels under 2026-07-28: no notification asks anything more
    } else if (message instanceof McpSchema.JSONRPCRequest request) {
      if (checked(ctx, request)) {
        dispatch(ctx, caller, request);
      }
    } else {
      McpReplies.error(ctx, 400, McpReplies.INVALID_REQUEST, "under MCP 2026-07-28 clients send no responses");
    }
  }

  /** The required {@code _meta} fields, the version, and the headers that mirror the body. */
  private boolean checked(RoutingContext ctx, McpSchema.JSONRPCRequest request) {
    JsonNode meta = meta(request);
    JsonNode version = meta.get(META_VERSION);
    if (version == null || !version.isTextual() || !meta.path(META_CAPABILITIES).isObject()) {
      McpReplies.error(ctx, 400, McpReplies.INVALID_PARAMS, "a request needs params._meta with '" + META_VERSION
          + "' (a string) and '" + META_CAPABILITIES + "' (an object)");
      return false;
    }
    // a header naming another version than the body is a mismatch, whichever of the two this server speaks
    if (!headers.versionMatches(ctx, version.textValue())) {
      return false;
    }
    if (!McpVersions.MODERN.equals(version.textValue())) {
      McpReplies.unsupportedVersion(ctx, version.textValue());
      return false;
    }
    return headers.match(ctx, request);
  }

  private void dispatch(RoutingContext ctx, Agent caller, McpSchema.JSONRPCRequest request) {
    switch (request.method()) {
      case "server/discover" -> answer(ctx, request, discover());
      case McpSchema.METHOD_TOOLS_LIST -> answer(ctx, request, cacheable(toolList(caller)));
      case McpSchema.METHOD_TOOLS_CALL -> callTool(ctx, caller, request);
      case McpSchema.METHOD_RESOURCES_LIST -> answer(ctx, request, cacheable(resourceList(caller)));
      case McpSchema.METHOD_RESOURCES_TEMPLATES_LIST -> answer(ctx, request,
          cacheable(object(Map.of("resourceTemplates", Json.MAPPER.createArrayNode()))));
      case McpSchema.METHOD_RESOURCES_READ -> readResource(ctx, caller, request);
      case "subscriptions/listen" -> listen.open(ctx, caller, request);
      default -> McpReplies.error(ctx, 404, McpReplies.METHOD_NOT_FOUND, "MCP 2026-07-28 has no method '"
          + request.method() + "' on this server" + (removed(request.method()) ? " (it was removed in this"
          + " revision)" : ""));
    }
  }

  /** The methods of earlier revisions that 2026-07-28 removed. */
  static boolean removed(String method) {
    return switch (method) {
      case McpSchema.METHOD_INITIALIZE, McpSchema.METHOD_PING, McpSchema.METHOD_LOGGING_SET_LEVEL,
          McpSchema.METHOD_RESOURCES_SUBSCRIBE, McpSchema.METHOD_RESOURCES_UNSUBSCRIBE -> true;
      default -> false;
    };
  }

  private static ObjectNode discover() {
    ObjectNode result = Json.object();
    McpVersions.ALL.forEach(result.putArray("supportedVersions")::add);
    ObjectNode capabilities = result.putObject("capabilities");
    capabilities.putObject("tools");
    capabilities.putObject("resources").put("subscribe", true);
    result.put("instructions", RelayTools.INSTRUCTIONS);
    // the same for everyone: what the relay is, not what a caller may do
    return result.put("ttlMs", LIST_TTL_MILLIS).put("cacheScope", "public");
  }

  private static ObjectNode toolList(Agent caller) {
    ObjectNode result = Json.object();
    ArrayNode tools = result.putArray("tools");
    RelayTools.allowed(caller.permissions()).stream().map(ToolSpec::mcpTool).forEach(tools::add);
    return result;
  }

  private static ObjectNode resourceList(Agent caller) {
    ObjectNode result = Json.object();
    ArrayNode resources = result.putArray("resources");
    if (McpInboxResource.readableBy(caller)) {
      resources.add(Json.MAPPER.<JsonNode>valueToTree(McpInboxResource.resource()));
    }
    return result;
  }

  private static ObjectNode cacheable(ObjectNode result) {
    return result.put("ttlMs", LIST_TTL_MILLIS).put("cacheScope", "private");
  }

  private void callTool(RoutingContext ctx, Agent caller, McpSchema.JSONRPCRequest request) {
    Map<?, ?> params = (Map<?, ?>) request.params();
    JsonNode arguments = Json.MAPPER.valueToTree(params.get("arguments"));
    ToolRunner.call(caller(ctx, caller), (String) params.get("name"), arguments == null ? Json.object() : arguments)
        .onSuccess(result -> answer(ctx, request, Json.MAPPER.valueToTree(McpTools.result(result))))
        .onFailure(failure -> failed(ctx, failure));
  }

  private void readResource(RoutingContext ctx, Agent caller, McpSchema.JSONRPCRequest request) {
    Object uri = ((Map<?, ?>) request.params()).get("uri");
    if (!InboxResource.URI.equals(uri)) {
      // 2026-07-28 answers an unknown resource with -32602, no longer -32002
      McpReplies.error(ctx, 200, McpReplies.INVALID_PARAMS, "no resource '" + uri + "'; this server has "
          + InboxResource.URI, Json.object().put("uri", String.valueOf(uri)));
      return;
    }
    McpInboxResource.read(caller(ctx, caller), caller)
        .onSuccess(read -> answer(ctx, request, cacheable(Json.MAPPER.valueToTree(read)).put("ttlMs", 0)))
        .onFailure(failure -> failed(ctx, failure));
  }

  private ToolCaller caller(RoutingContext ctx, Agent caller) {
    RelayApi api = apiFor.apply(ctx.get(Requests.API_KEY), passes.issue(ctx, caller));
    return new ToolCaller(caller.agentId(), () -> Future.succeededFuture(caller.permissions()), api);
  }

  /** A complete result, with the server's identity in its {@code _meta}. */
  static void answer(RoutingContext ctx, McpSchema.JSONRPCRequest request, ObjectNode result) {
    if (ctx.response().closed() || ctx.response().ended()) {
      return;
    }
    result.put("resultType", "complete");
    ObjectNode meta = result.has("_meta") ? (ObjectNode) result.get("_meta") : result.putObject("_meta");
    meta.putObject(META_SERVER_INFO).put("name", "agent-relay").put("version", RelayVersion.VERSION);
    ObjectNode body = Json.object().put("jsonrpc", "2.0");
    body.set("id", Json.MAPPER.valueToTree(request.id()));
    body.set("result", result);
    McpReplies.json(ctx, 200, Json.write(body));
  }

  private static void failed(RoutingContext ctx, Throwable failure) {
    if (ctx.response().closed() || ctx.response().ended()) {
      return;
    }
    if (failure instanceof McpError known && known.getJsonRpcError().code() != McpReplies.INTERNAL_ERROR) {
      McpReplies.error(ctx, 200, known.getJsonRpcError().code(), known.getJsonRpcError().message());
      return;
    }
    LOG.log(Level.WARNING, "MCP 2026-07-28 request failed", failure);
    McpReplies.error(ctx, 200, McpReplies.INTERNAL_ERROR, "the relay failed on this MCP request; see its log");
  }

  private static ObjectNode object(Map<String, JsonNode> fields) {
    ObjectNode object = Json.object();
    fields.forEach(object::set);
    return object;
  }

  static JsonNode meta(McpSchema.JSONRPCRequest request) {
    if (request.params() instanceof Map<?, ?> params && params.get("_meta") instanceof Map<?, ?> meta) {
      return Json.MAPPER.valueToTree(meta);
    }
    return Json.object();
  }
}
