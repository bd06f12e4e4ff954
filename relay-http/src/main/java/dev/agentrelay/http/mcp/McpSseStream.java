package dev.agentrelay.http.mcp;

import dev.agentrelay.core.model.Permissions;
import dev.agentrelay.core.tools.InboxResource;
import dev.agentrelay.http.EventStreams;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Logger;
import reactor.core.publisher.Mono;

/**
 * One server-sent-event stream of MCP messages: the answer to one POSTed request, or a session's GET stream.
 * The SDK calls it from its own threads; every write is made on the request's event loop. A {@code tools/list}
 * answer is narrowed to the tools the agent's {@code can_access_tools} allows, as on the bridge, and a
 * {@code resources/list} answer to the resources it may read. An internal
 * error the SDK answers goes out as a plain sentence: its own text names exceptions and classes, so it goes to
 * the log.
 */
final class McpSseStream implements McpStreamableServerTransport {

  private static final Logger LOG = Logger.getLogger(McpSseStream.class.getName());
  private static final String FAILED = "the relay failed on this MCP request; see its log";

  private final Context context;
  private final HttpServerResponse response;
  private final McpJsonMapper mapper;
  private final Permissions permissions;
  private final Consumer<McpSseStream> onClose;
  private boolean closed;

  McpSseStream(Context context, HttpServerResponse response, McpJsonMapper mapper, Permissions permissions,
      Consumer<McpSseStream> onClose) {
    this.context = context;
    this.response = response;
    this.mapper = mapper;
    this.permissions = permissions;
    this.onClose = onClose;
    EventStreams.start(response).closeHandler(gone -> finish());
  }

  /** Sends the headers now, for a stream that may stay quiet for a long time. */
  McpSseStream open() {
    context.runOnContext(v -> response.writeHead());
    return this;
  }

  /** An SSE comment, so that proxies and clients see the idle stream is alive. */
  void keepAlive() {
    context.runOnContext(v -> {
      if (!closed) {
        response.write(":\n\n");
      }
    });
  }

  @Override
  public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
    return sendMessage(message, null);
  }

  @Override
  public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, String messageId) {
    String event;
    try {
      event = (messageId == null ? "" : "id: " + messageId + "\n") + "event: message\ndata: "
          + mapper.writeValueAsString(forClient(message)) + "\n\n";
    } catch (IOException e) {
      return Mono.error(e);
    }
    return Mono.create(sink -> context.runOnContext(v -> {
      if (closed) {
        sink.success();
        return;
      }
      response.write(event).onComplete(written -> sink.success());
    }));
  }

  private McpSchema.JSONRPCMessage forClient(McpSchema.JSONRPCMessage message) {
    if (message instanceof McpSchema.JSONRPCResponse answer && answer.error() != null
        && answer.error().code() == McpSchema.ErrorCodes.INTERNAL_ERROR) {
      LOG.warning("MCP request " + answer.id() + " failed: " + answer.error().message());
      return new McpSchema.JSONRPCResponse(answer.jsonrpc(), answer.id(), null,
          new McpSchema.JSONRPCResponse.JSONRPCError(answer.error().code(), FAILED, null));
    }
    if (message instanceof McpSchema.JSONRPCResponse answer
        && answer.result() instanceof McpSchema.ListToolsResult list) {
      List<McpSchema.Tool> allowed = list.tools().stream().filter(tool -> permissions.usesTool(tool.name())).toList();
      return new McpSchema.JSONRPCResponse(answer.jsonrpc(), answer.id(),
          new McpSchema.ListToolsResult(allowed, list.nextCursor(), list.meta()), null);
    }
    if (message instanceof McpSchema.JSONRPCResponse answer
        && answer.result() instanceof McpSchema.ListResourcesResult list && !InboxResource.readableWith(permissions)) {
      List<McpSchema.Resource> allowed = list.resources().stream()
          .filter(resource -> !InboxResource.URI.equals(resource.uri())).toList();
      return new McpSchema.JSONRPCResponse(answer.jsonrpc(), answer.id(),
          new McpSchema.ListResourcesResult(allowed, list.nextCursor(), list.meta()), null);
    }
    return message;
  }

  @Override
  public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
    return mapper.convertValue(data, typeRef);
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.create(sink -> context.runOnContext(v -> {
      finish();
      sink.success();
    }));
  }

  @Override
  public void close() {
    context.runOnContext(v -> finish());
  }

  private void finish() {
    if (closed) {
      return;
    }
    closed = true;
    // before the end goes out: whoever sees the stream end may count on what onClose frees (its stream slot)
    onClose.accept(this);
    if (!response.ended() && !response.closed()) {
      response.end();
    }
  }
}
