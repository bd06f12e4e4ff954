package dev.agentrelay.http.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.bus.AgentDirectory;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Agent;
import dev.agentrelay.core.tools.InboxResource;
import dev.agentrelay.http.KeyWatch;
import dev.agentrelay.http.StreamSlots;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * One {@code subscriptions/listen} request of MCP 2026-07-28: a POST answered by an event stream that stays open.
 * It first acknowledges the part of the client's filter the relay honours (only {@code resourceSubscriptions}
 * naming {@code relay://inbox}, for an agent that may read it: the tools and resources never change), then
 * sends {@code notifications/resources/updated} as the agent's deliveries commit, at most one per 100 ms (see
 * {@link McpInboxWatch}). Every message carries the request's id as its {@code subscriptionId}. The client ends
 * it by closing the stream; a key that stops working ends it with the request's final result. Each stream holds
 * one of the agent's stream slots ({@code RELAY_SSE_MAX_STREAMS_PER_AGENT}) until it ends; over the limit the
 * request is refused with 429 and a JSON-RPC error, as this revision answers every refusal.
 */
final class McpListenStream {

  static final String SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";
  private static final TypeRef<Map<String, Object>> MAP = new TypeRef<>() {
  };

  /** Opens a listen stream for a checked request. */
  @FunctionalInterface
  interface Factory {
    void open(RoutingContext ctx, Agent caller, McpSchema.JSONRPCRequest request);
  }

  /** The JSON-RPC code of a refusal that has no MCP code of its own; the relay's code goes in its data. */
  static final int RELAY_ERROR = -32000;

  private McpListenStream() {
  }

  static Factory factory(Vertx vertx, AgentDirectory agents, McpJsonMapper mapper, long keepAliveMillis,
      StreamSlots slots) {
    return (ctx, caller, request) -> {
      try {
        slots.take(caller.agentId());
      } catch (RelayException full) {
        ctx.response().putHeader("Retry-After", "1");
        McpReplies.error(ctx, full.failure().status(), RELAY_ERROR, full.getMessage(),
            Json.object().put("code", full.code()));
        return;
      }
      open(vertx, agents, mapper, keepAliveMillis, ctx, caller, request, () -> slots.release(caller.agentId()));
    };
  }

  private static void open(Vertx vertx, AgentDirectory agents, McpJsonMapper mapper, long keepAliveMillis,
      RoutingContext ctx, Agent caller, McpSchema.JSONRPCRequest request, Runnable ended) {
    boolean inbox = wantsInbox(request) && McpInboxResource.readableBy(caller);
    long[] timer = new long[1];
    McpInboxWatch[] watch = new McpInboxWatch[1];
    KeyWatch keyWatch = new KeyWatch(vertx, agents, ctx);
    McpSseStream stream = new McpSseStream(vertx.getOrCreateContext(), ctx.response(), mapper, caller.permissions(),
        closed -> {
          vertx.cancelTimer(timer[0]);
          keyWatch.stop();
          if (watch[0] != null) {
            watch[0].stop();
          }
          ended.run();
        }).open();
    ObjectNode acknowledged = Json.object();
    ObjectNode filter = acknowledged.putObject("notifications");
    if (inbox) {
      filter.putArray("resourceSubscriptions").add(InboxResource.URI);
    }
    send(stream, mapper, notification(request, "notifications/subscriptions/acknowledged", acknowledged));
    if (inbox) {
      ObjectNode updated = Json.object().put("uri", InboxResource.URI);
      watch[0] = new McpInboxWatch(vertx, caller.agentId(), true, () -> send(stream, mapper,
          notification(request, McpSchema.METHOD_NOTIFICATION_RESOURCES_UPDATED, updated)));
    }
    timer[0] = vertx.setPeriodic(keepAliveMillis, tick -> stream.keepAlive());
    keyWatch.start(() -> {
      ObjectNode result = Json.object().put("resultType", "complete");
      result.putObject("_meta").set(SUBSCRIPTION_ID, Json.MAPPER.valueToTree(request.id()));
      stream.sendMessage(new McpSchema.JSONRPCResponse(McpSchema.JSONRPC_VERSION, request.id(),
          mapper.convertValue(result, MAP), null)).then(stream.closeGracefully()).subscribe();
    });
  }

  private static boolean wantsInbox(McpSchema.JSONRPCRequest request) {
    JsonNode uris = Json.MAPPER.valueToTree(request.params()).path("notifications").path("resourceSubscriptions");
    for (JsonNode uri : uris) {
      if (InboxResource.URI.equals(uri.textValue())) {
        return true;
      }
    }
    return false;
  }

  private static ObjectNode notification(McpSchema.JSONRPCRequest request, String method, ObjectNode params) {
    ObjectNode withId = params.deepCopy();
    withId.putObject("_meta").set(SUBSCRIPTION_ID, Json.MAPPER.valueToTree(request.id()));
    return Json.object().put("method", method).set("params", withId);
  }

  private static void send(McpSseStream stream, McpJsonMapper mapper, ObjectNode notification) {
    stream.sendMessage(new McpSchema.JSONRPCNotification(McpSchema.JSONRPC_VERSION,
        notification.get("method").textValue(), mapper.convertValue(notification.get("params"), MAP))).subscribe();
  }
}
