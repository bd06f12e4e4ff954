package dev.agentrelay.http.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.bus.AgentDirectory;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Agent;
import dev.agentrelay.http.KeyWatch;
import dev.agentrelay.http.StreamSlots;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.JsonRpc;
import io.modelcontextprotocol.modern.server.McpTransportResponse;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * The HTTP side of {@code subscriptions/listen} under MCP 2026-07-28: the SDK's server acknowledges the filter and
 * turns the changes of the stream's {@link McpListenFeed} into notifications and, when the feed ends, the request's
 * final result; this writes them as an event stream. Each stream holds one of the agent's stream slots
 * ({@code RELAY_SSE_MAX_STREAMS_PER_AGENT}) until it ends; over the limit the request is refused with 429 and a
 * JSON-RPC error, as this revision answers every refusal. Inbox updates come from an {@link McpInboxWatch} (at most
 * one per 100 ms); a key that stops working ends the feed, so the client gets the final result.
 */
final class McpListenStream {

  /** The JSON-RPC code of a refusal that has no MCP code of its own; the relay's code goes in its data. */
  static final int RELAY_ERROR = -32000;
  private static final Logger LOG = Logger.getLogger(McpListenStream.class.getName());

  private final Vertx vertx;
  private final AgentDirectory agents;
  private final McpJsonMapper mapper;
  private final long keepAliveMillis;
  private final StreamSlots slots;

  McpListenStream(Vertx vertx, AgentDirectory agents, McpJsonMapper mapper, long keepAliveMillis, StreamSlots slots) {
    this.vertx = vertx;
    this.agents = agents;
    this.mapper = mapper;
    this.keepAliveMillis = keepAliveMillis;
    this.slots = slots;
  }

  /**
   * Takes a slot, then subscribes to the SDK's {@code answer} to {@code request}: a stream is written here, any
   * other answer (a refused filter, say) goes to {@code notStreamed}.
   */
  void open(RoutingContext ctx, Agent caller, JsonRpc.JSONRPCRequest request, Mono<McpTransportResponse> answer,
      Consumer<McpTransportResponse> notStreamed) {
    try {
      slots.take(caller.agentId());
    } catch (RelayException full) {
      ctx.response().putHeader("Retry-After", "1");
      McpReplies.error(ctx, full.failure().status(), RELAY_ERROR, full.getMessage(),
          Json.object().put("code", full.code()));
      return;
    }
    McpListenFeed feed = new McpListenFeed();
    McpInboxWatch inbox = McpListenFeed.wantsInbox(caller, requestedUris(request))
        ? new McpInboxWatch(vertx, caller.agentId(), true, feed::inboxUpdated) : null;
    Runnable ended = () -> {
      if (inbox != null) {
        inbox.stop();
      }
      slots.release(caller.agentId());
    };
    Context context = vertx.getOrCreateContext();
    answer.subscribe(response -> context.runOnContext(v -> {
      if (response instanceof McpTransportResponse.Streaming streaming) {
        stream(ctx, streaming, feed, ended);
      } else {
        ended.run();
        notStreamed.accept(response);
      }
    }), failure -> context.runOnContext(v -> {
      ended.run();
      notStreamed.accept(McpTransportResponse.error(McpStateless.internalError(request, failure)));
    }));
  }

  private void stream(RoutingContext ctx, McpTransportResponse.Streaming streaming, McpListenFeed feed,
      Runnable ended) {
    if (ctx.response().closed()) { // gone while the SDK answered: its close handler would never run
      ended.run();
      return;
    }
    KeyWatch keyWatch = new KeyWatch(vertx, agents, ctx);
    long[] timer = new long[1];
    Disposable[] sending = new Disposable[1];
    McpEventStream stream = new McpEventStream(vertx.getOrCreateContext(), ctx.response(), mapper, () -> {
      vertx.cancelTimer(timer[0]);
      keyWatch.stop();
      if (sending[0] != null) {
        sending[0].dispose();
      }
      ended.run();
    });
    stream.open();
    sending[0] = streaming.messages().contextWrite(feed.reactorContext()).subscribe(stream::send, failure -> {
      LOG.log(Level.WARNING, "MCP 2026-07-28 listen stream failed", failure);
      stream.close();
    }, stream::close);
    timer[0] = vertx.setPeriodic(keepAliveMillis, tick -> stream.keepAlive());
    keyWatch.start(feed::end);
  }

  private static List<?> requestedUris(JsonRpc.JSONRPCRequest request) {
    JsonNode uris = Json.MAPPER.valueToTree(request.params()).path("notifications").path("resourceSubscriptions");
    return uris.isArray() ? Json.MAPPER.convertValue(uris, List.class) : List.of();
  }
}
