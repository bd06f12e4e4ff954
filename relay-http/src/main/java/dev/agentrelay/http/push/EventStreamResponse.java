package dev.agentrelay.http.push;

import dev.agentrelay.core.RelayCounters;
import dev.agentrelay.http.EventStreams;
import dev.agentrelay.http.KeyWatch;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * The connection under one relay SSE stream: the event-stream response, its keep-alive comments, the write
 * limit and the ends. A client whose write queue is full is disconnected rather than buffered without bound;
 * the stream ends cleanly once the key that opened it stops working. What the stream sends is its owner's;
 * {@code onClosed} runs once, whichever way the connection closes.
 */
final class EventStreamResponse {

  static final int WRITE_QUEUE_BYTES = 512 * 1024;
  private static final long RETRY_MILLIS = 2000;

  private final Vertx vertx;
  private final RelayCounters counters;
  private final HttpServerResponse response;
  private final long keepAliveMillis;
  private final KeyWatch keyWatch;
  private final Runnable onClosed;
  private long keepAliveTimer;
  private boolean closed;

  EventStreamResponse(Vertx vertx, RelayCounters counters, HttpServerResponse response, long keepAliveMillis,
      KeyWatch keyWatch, Runnable onClosed) {
    this.vertx = vertx;
    this.counters = counters;
    this.response = response;
    this.keepAliveMillis = keepAliveMillis;
    this.keyWatch = keyWatch;
    this.onClosed = onClosed;
  }

  /** Sets the response up as an event stream and starts the keep-alive comments. */
  void open() {
    counters.sseSubscribers.incrementAndGet();
    EventStreams.start(response).setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
    response.closeHandler(v -> close());
    response.exceptionHandler(e -> close());
    keepAliveTimer = vertx.setPeriodic(keepAliveMillis, tick -> write(Buffer.buffer(": keep-alive\n\n")));
  }

  /**
   * Ends the stream once its key stops working. Call it last in the stream's set-up: the key may have stopped
   * working already, and then the stream closes at once.
   */
  void watchKey() {
    keyWatch.start(this::end);
  }

  /** Tells the client how long to wait before it reconnects. */
  void retry() {
    write(Buffer.buffer("retry: " + RETRY_MILLIS + "\n\n"));
  }

  /** One event: {@code id} is what the client resumes after (Last-Event-ID). */
  static Buffer event(long id, String event, String json) {
    return Buffer.buffer(json.length() + 64)
        .appendString("id: ").appendString(Long.toString(id))
        .appendString("\nevent: ").appendString(event)
        .appendString("\ndata: ").appendString(json)
        .appendString("\n\n");
  }

  void write(Buffer frame) {
    if (writable()) {
      response.write(frame);
    }
  }

  /** Whether a frame may be written now; a client whose queue is full is disconnected instead. */
  boolean writable() {
    if (closed) {
      return false;
    }
    if (response.writeQueueFull()) {
      disconnect();
      return false;
    }
    return true;
  }

  boolean closed() {
    return closed;
  }

  /** Drops a client that does not keep up; it comes back with Last-Event-ID. */
  void disconnect() {
    close();
    response.reset();
  }

  /** Ends the stream cleanly: a client that reconnects with the same key is refused. */
  private void end() {
    close();
    if (!response.ended() && !response.closed()) {
      response.end();
    }
  }

  /** Closes the stream's side without a word to the client (it has gone, or the stream cannot go on). */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    counters.sseSubscribers.decrementAndGet();
    vertx.cancelTimer(keepAliveTimer);
    keyWatch.stop();
    onClosed.run();
  }
}
