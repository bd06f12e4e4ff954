package dev.agentrelay.http.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Agent;
import dev.agentrelay.http.api.Requests;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.JsonRpc;
import io.modelcontextprotocol.modern.server.McpHeaders;
import io.modelcontextprotocol.modern.server.McpRequestManager;
import io.modelcontextprotocol.modern.server.McpTransportResponse;
import io.modelcontextprotocol.modern.server.transport.McpHeaderDecoder;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import reactor.core.publisher.Mono;

/**
 * MCP revision 2026-07-28 on {@code /mcp}: stateless, no initialize and no session; each request names its version
 * and the client's capabilities in {@code params._meta} and mirrors its method (and tool name or resource URI) in
 * the {@code Mcp-Method} and {@code Mcp-Name} headers.
 *
 * <p>The SDK's modern server ({@link McpModernServer}) answers each request: {@link McpRequestManager#handle}
 * takes one JSON-RPC request and gives its answer as a {@code Mono}, without a servlet or a thread of its own. The
 * SDK's only HTTP transport for it is a servlet that blocks a container thread per request; this class is the
 * transport on Vert.x instead: after the route's checks (origin, key, rate limit, body limit) and the message's
 * ({@link McpMessageReader}), it checks what the SDK leaves to the transport (the headers that mirror the body, a
 * version this server speaks), hands the request over with the caller in the transport context, and writes the
 * answer on the request's event loop: one JSON object, or an event stream for {@code subscriptions/listen}
 * ({@link McpListenStream}).
 */
final class McpStateless {

  static final String META_VERSION = "io.modelcontextprotocol/protocolVersion";
  static final String META_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
  static final String LISTEN = "subscriptions/listen";
  private static final Logger LOG = Logger.getLogger(McpStateless.class.getName());

  private final Vertx vertx;
  private final McpJsonMapper mapper;
  private final McpCallPasses passes;
  private final McpRequestManager server;
  private final McpListenStream listen;
  private final McpHeaderChecks headers = new McpHeaderChecks();

  McpStateless(Vertx vertx, McpJsonMapper mapper, McpCallPasses passes, McpRequestManager server,
      McpListenStream listen) {
    this.vertx = vertx;
    this.mapper = mapper;
    this.passes = passes;
    this.server = server;
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

  /** The methods of earlier revisions that 2026-07-28 removed: the SDK's server answers them -32601. */
  static boolean removed(String method) {
    return switch (method) {
      case McpSchema.METHOD_INITIALIZE, McpSchema.METHOD_PING, McpSchema.METHOD_LOGGING_SET_LEVEL,
          McpSchema.METHOD_RESOURCES_SUBSCRIBE, McpSchema.METHOD_RESOURCES_UNSUBSCRIBE -> true;
      default -> false;
    };
  }

  void handle(RoutingContext ctx, Agent caller, McpSchema.JSONRPCMessage message) {
    if (message instanceof McpSchema.JSONRPCNotification) {
      McpReplies.accepted(ctx); // closing a stream cancels under 2026-07-28: no notification asks anything more
    } else if (message instanceof McpSchema.JSONRPCRequest request) {
      if (checked(ctx, request)) {
        JsonRpc.JSONRPCRequest modern = new JsonRpc.JSONRPCRequest(request.method(), request.id(), request.params());
        if (LISTEN.equals(request.method())) {
          // no pass: a listen stream calls no tool
          listen.open(ctx, caller, modern, server.handle(transportContext(ctx, caller, null), modern),
              answer -> write(ctx, modern, answer));
        } else {
          answer(ctx, caller, modern);
        }
      }
    } else {
      McpReplies.error(ctx, 400, McpReplies.INVALID_REQUEST, "under MCP 2026-07-28 clients send no responses");
    }
  }

  /**
   * The required {@code _meta} fields, the version, and the headers that mirror the body. The SDK's server checks
   * {@code _meta} too, but answers every request it refuses alike; the transport spec wants 400 for these.
   */
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
    // the SDK's server would take any version server/discover lists, the sessionful ones too
    if (!McpVersions.MODERN.equals(version.textValue())) {
      McpReplies.unsupportedVersion(ctx, version.textValue());
      return false;
    }
    return headers.match(ctx, request);
  }

  /** One JSON answer: only {@code subscriptions/listen} is answered with a stream ({@link McpListenStream}). */
  private void answer(RoutingContext ctx, Agent caller, JsonRpc.JSONRPCRequest request) {
    Context context = vertx.getOrCreateContext();
    server.handle(transportContext(ctx, caller, passes.issue(ctx, caller)), request)
        .onErrorResume(failure -> Mono.just(McpTransportResponse.error(internalError(request, failure))))
        .subscribe(answer -> context.runOnContext(v -> write(ctx, request, answer)));
  }

  private void write(RoutingContext ctx, JsonRpc.JSONRPCRequest request, McpTransportResponse answer) {
    if (ctx.response().closed() || ctx.response().ended()) {
      return;
    }
    if (answer instanceof McpTransportResponse.Result result) {
      McpReplies.json(ctx, 200, json(result.response()));
    } else if (answer instanceof McpTransportResponse.Error error) {
      McpReplies.json(ctx, status(error.response().error().code()), json(error.response()));
    } else {
      McpReplies.json(ctx, 500, json(internalError(request, new IllegalStateException("the SDK streamed its"
          + " answer to " + request.method() + ", which only subscriptions/listen may"))));
    }
  }

  /**
   * Not expected: the SDK's server turns every failure into a JSON-RPC error. The cause goes to the log, the client
   * gets a plain sentence.
   */
  static JsonRpc.JSONRPCResponse internalError(JsonRpc.JSONRPCRequest request, Throwable failure) {
    LOG.log(Level.WARNING, "MCP 2026-07-28 request failed", failure);
    return JsonRpc.JSONRPCResponse.error(request.id(), new JsonRpc.JSONRPCResponse.JSONRPCError(
        McpReplies.INTERNAL_ERROR, "the relay failed on this MCP request; see its log"));
  }

  /** The HTTP status of an error the SDK's server answered: as its own servlet transport maps them. */
  private static int status(int code) {
    return switch (code) {
      case McpReplies.METHOD_NOT_FOUND -> 404;
      case McpReplies.PARSE_ERROR, McpReplies.INVALID_REQUEST, McpReplies.HEADER_MISMATCH,
          McpReplies.MISSING_REQUIRED_CLIENT_CAPABILITY, McpReplies.UNSUPPORTED_PROTOCOL_VERSION -> 400;
      // a tool or resource the relay has not, say: the request itself went through
      default -> 200;
    };
  }

  /**
   * What the tools need to act for the caller, for this request only: the agent, its key, the pass that spares
   * their loopback calls the rate-limit token this request has paid, and the MCP headers as the SDK reads them.
   */
  private McpTransportContext transportContext(RoutingContext ctx, Agent caller, String pass) {
    Map<String, Object> values = new HashMap<>();
    values.put(McpTransport.AGENT, caller);
    values.put(McpTransport.API_KEY, ctx.<String>get(Requests.API_KEY));
    if (pass != null) {
      values.put(McpTransport.PASS, pass);
    }
    values.put(McpHeaders.TRANSPORT_CONTEXT_KEY, McpHeaderDecoder.headers(new McpHeaderAccessor(ctx.request())));
    return McpTransportContext.create(values);
  }

  private String json(JsonRpc.JSONRPCResponse response) {
    try {
      return mapper.writeValueAsString(response);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode an MCP answer", e);
    }
  }

  static JsonNode meta(McpSchema.JSONRPCRequest request) {
    if (request.params() instanceof Map<?, ?> params && params.get("_meta") instanceof Map<?, ?> meta) {
      return Json.MAPPER.valueToTree(meta);
    }
    return Json.object();
  }
}
