package dev.agentrelay.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;

/**
 * One {@code GET /inbox/stream} connection: parses {@code id:}/{@code event:}/{@code data:} frames as
 * they arrive and hands each event to a listener on the client's event loop. {@link #opened()} completes
 * at the first frame (the relay's {@code retry:} line), i.e. once the stream is set up on the relay.
 */
final class SseStream {

  /** Called for every event; {@code receivedNanos} is {@link System#nanoTime()} when its frame was parsed. */
  interface Listener {
    void onEvent(SseStream stream, long seq, String data, long receivedNanos);
  }

  private final Listener listener;
  private final Promise<Void> opened = Promise.promise();
  private final StringBuilder pending = new StringBuilder();
  private HttpClientResponse response;
  private Object tag;
  private volatile long lastSeq;
  private volatile boolean ended;

  private SseStream(Listener listener) {
    this.listener = listener;
  }

  static Future<SseStream> open(RelayClient relay, HttpClientAgent client, String key, Listener listener) {
    SseStream stream = new SseStream(listener);
    RequestOptions options = relay.options(HttpMethod.GET, RelayClient.API + "/inbox/stream", key)
        .putHeader("Accept", "text/event-stream");
    return client.request(options).compose(request -> request.send().compose(response -> {
      if (response.statusCode() != 200) {
        return response.body().compose(body -> Future.failedFuture(
            "stream refused: " + response.statusCode() + " " + body));
      }
      stream.response = response;
      response.handler(stream::onChunk);
      response.endHandler(v -> stream.end());
      response.exceptionHandler(e -> stream.end());
      return stream.opened.future().map(stream);
    }));
  }

  /** An object the caller hangs on this stream (e.g. its agent's index). */
  Object tag() {
    return tag;
  }

  SseStream tag(Object value) {
    tag = value;
    return this;
  }

  Future<Void> opened() {
    return opened.future();
  }

  long lastSeq() {
    return lastSeq;
  }

  boolean ended() {
    return ended;
  }

  private void end() {
    ended = true;
    opened.tryFail("the stream ended before its first frame");
  }

  private void onChunk(Buffer chunk) {
    long now = System.nanoTime();
    pending.append(chunk.toString(StandardCharsets.UTF_8));
    int start = 0;
    while (true) {
      int end = pending.indexOf("\n\n", start);
      if (end < 0) {
        break;
      }
      frame(pending.substring(start, end), now);
      start = end + 2;
    }
    pending.delete(0, start);
  }

  private void frame(String frame, long now) {
    opened.tryComplete();
    long seq = -1;
    String data = null;
    int at = 0;
    while (at < frame.length()) {
      int nl = frame.indexOf('\n', at);
      String line = nl < 0 ? frame.substring(at) : frame.substring(at, nl);
      at = nl < 0 ? frame.length() : nl + 1;
      if (line.startsWith("id: ")) {
        seq = Long.parseLong(line.substring(4).trim());
      } else if (line.startsWith("data: ")) {
        data = data == null ? line.substring(6) : data + "\n" + line.substring(6);
      }
    }
    if (data != null) {
      if (seq > lastSeq) {
        lastSeq = seq;
      }
      listener.onEvent(this, seq, data, now);
    }
  }

  /** Closes the connection. */
  void close() {
    if (response != null && !ended) {
      response.request().connection().close();
    }
  }

  /**
   * The number after {@code "name":} in {@code json}, or -1: how the bench finds its stamps in an event
   * without parsing the whole item.
   */
  static long number(String json, String name) {
    String key = "\"" + name + "\":";
    int at = json.indexOf(key);
    if (at < 0) {
      return -1;
    }
    int i = at + key.length();
    while (i < json.length() && json.charAt(i) == ' ') {
      i++;
    }
    long value = 0;
    boolean any = false;
    while (i < json.length() && Character.isDigit(json.charAt(i))) {
      value = value * 10 + (json.charAt(i) - '0');
      i++;
      any = true;
    }
    return any ? value : -1;
  }
}
