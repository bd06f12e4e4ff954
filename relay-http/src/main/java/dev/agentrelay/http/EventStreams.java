package dev.agentrelay.http;

import io.vertx.core.http.HttpServerResponse;

/** The headers of every server-sent event stream the relay answers: inbox and relay-wide streams, /mcp, A2A. */
public final class EventStreams {

  private EventStreams() {
  }

  /** Makes {@code response} an event stream: chunked, never compressed, cached or buffered on the way. */
  public static HttpServerResponse start(HttpServerResponse response) {
    return response.setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        // compressed, events would wait in the deflater
        .putHeader("Content-Encoding", "identity")
        .putHeader("Cache-Control", "no-cache")
        // proxies such as nginx pass each event on at once
        .putHeader("X-Accel-Buffering", "no");
  }
}
