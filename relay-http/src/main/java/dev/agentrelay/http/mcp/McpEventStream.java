package dev.agentrelay.http.mcp;

import dev.agentrelay.http.EventStreams;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.JsonRpc;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The event stream that answers one MCP 2026-07-28 request, {@code subscriptions/listen} above all. The SDK emits
 * from whichever thread completed the work; every write is made on the request's event loop, in order.
 * {@code onClose} runs once, on that loop, when the stream ends from either side.
 */
final class McpEventStream {

  private final Context context;
  private final HttpServerResponse response;
  private final McpJsonMapper mapper;
  private final Runnable onClose;
  private boolean closed;

  McpEventStream(Context context, HttpServerResponse response, McpJsonMapper mapper, Runnable onClose) {
    this.context = context;
    this.response = response;
    this.mapper = mapper;
    this.onClose = onClose;
    EventStreams.start(response).closeHandler(gone -> finish());
  }

  /** Sends the headers now: a listen stream may stay quiet for a long time. */
  void open() {
    context.runOnContext(v -> {
      if (!closed) {
        response.writeHead();
      }
    });
  }

  /** An SSE comment, so that proxies and clients see the idle stream is alive. */
  void keepAlive() {
    context.runOnContext(v -> {
      if (!closed) {
        response.write(":\n\n");
      }
    });
  }

  void send(JsonRpc.JSONRPCMessage message) {
    String event;
    try {
      event = "event: message\ndata: " + mapper.writeValueAsString(message) + "\n\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    context.runOnContext(v -> {
      if (!closed) {
        response.write(event);
      }
    });
  }

  void close() {
    context.runOnContext(v -> finish());
  }

  private void finish() {
    if (closed) {
      return;
    }
    closed = true;
    // before the end goes out: whoever sees the stream end may count on what onClose frees (its stream slot)
    onClose.run();
    if (!response.ended() && !response.closed()) {
      response.end();
    }
  }
}
