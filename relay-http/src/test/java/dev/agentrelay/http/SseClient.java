package dev.agentrelay.http;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A small test client for {@code text/event-stream}: one connection on its own Vert.x HttpClient, the
 * stream parsed into events ({@code id}, {@code event}, {@code data}) and comments as it arrives. The
 * test thread waits for them with bounded timeouts; {@link #close()} closes the connection.
 */
final class SseClient implements AutoCloseable {

  /** One dispatched event; {@code id}/{@code event} are null when the server sent no such field. */
  record Event(String id, String event, String data) {

    long seq() {
      return Long.parseLong(id);
    }

    JsonObject json() {
      return new JsonObject(data);
    }
  }

  private final HttpClientAgent client;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> comments = new LinkedBlockingQueue<>();
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final List<String> retries = new CopyOnWriteArrayList<>();
  private final Promise<Void> ended = Promise.promise();
  private final StringBuilder pending = new StringBuilder();
  private final Buffer body = Buffer.buffer();
  private String id;
  private String event;
  private StringBuilder data;
  private int status;
  private MultiMap headers;

  private SseClient(Vertx vertx) {
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
  }

  /** Opens {@code GET path}; answers once the status and headers are in (the body keeps streaming). */
  static SseClient open(Vertx vertx, int port, String path, String key, String lastEventId) {
    return open(vertx, port, path, key, lastEventId == null ? Map.of() : Map.of("Last-Event-ID", lastEventId));
  }

  /** Opens {@code GET path} with {@code headers} besides Accept and Authorization. */
  static SseClient open(Vertx vertx, int port, String path, String key, Map<String, String> headers) {
    return open(vertx, port, HttpMethod.GET, path, key, headers, null);
  }

  /** Opens {@code POST path} with {@code body}, for a request answered by an event stream. */
  static SseClient post(Vertx vertx, int port, String path, String key, Map<String, String> headers, String body) {
    return open(vertx, port, HttpMethod.POST, path, key, headers, body);
  }

  private static SseClient open(Vertx vertx, int port, HttpMethod method, String path, String key,
      Map<String, String> headers, String body) {
    SseClient sse = new SseClient(vertx);
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port)
        .setURI(path).putHeader("Accept", "text/event-stream");
    if (key != null) {
      options.putHeader("Authorization", "Bearer " + key);
    }
    headers.forEach(options::putHeader);
    // the handlers are set as the response arrives: a short answer may otherwise have ended before they are
    Future<Void> connected = sse.client.request(options).compose(request -> {
      Promise<Void> attached = Promise.promise();
      request.response().onSuccess(response -> {
        sse.attach(response);
        attached.complete();
      }).onFailure(attached::tryFail);
      (body == null ? request.end() : request.end(body)).onFailure(attached::tryFail);
      return attached.future();
    });
    try {
      TestRelay.await(connected);
    } catch (AssertionError e) {
      sse.close();
      throw e;
    }
    return sse;
  }

  static SseClient open(Vertx vertx, int port, String path, String key) {
    return open(vertx, port, path, key, Map.of());
  }

  private void attach(HttpClientResponse response) {
    status = response.statusCode();
    headers = response.headers();
    response.handler(this::onChunk);
    response.exceptionHandler(e -> ended.tryFail(e));
    response.endHandler(v -> ended.tryComplete());
  }

  private synchronized void onChunk(Buffer chunk) {
    body.appendBuffer(chunk);
    pending.append(chunk.toString(StandardCharsets.UTF_8));
    int start = 0;
    for (int i = 0; i < pending.length(); i++) {
      char c = pending.charAt(i);
      if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 >= pending.length()) {
          break; // a CR at the end of the chunk may be half of a CRLF: wait for more
        }
        onLine(pending.substring(start, i));
        if (c == '\r' && pending.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    pending.delete(0, start);
  }

  private void onLine(String line) {
    lines.add(line);
    if (line.isEmpty()) {
      if (data != null) {
        events.add(new Event(id, event, data.toString()));
      }
      event = null;
      data = null;
      return;
    }
    if (line.startsWith(":")) {
      comments.add(line.substring(1));
      return;
    }
    int colon = line.indexOf(':');
    String field = colon < 0 ? line : line.substring(0, colon);
    String value = colon < 0 ? "" : line.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    switch (field) {
      case "id" -> id = value;
      case "event" -> event = value;
      case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
      case "retry" -> retries.add(value);
      default -> { } // ignored, as the SSE spec says
    }
  }

  int status() {
    return status;
  }

  String header(String name) {
    return headers.get(name);
  }

  /** Every line received so far, in order (blank lines included). */
  List<String> lines() {
    return List.copyOf(lines);
  }

  List<String> retries() {
    return List.copyOf(retries);
  }

  /** The whole body of a response that ends (an error answer), waiting for its end. */
  String awaitBody() {
    TestRelay.await(ended.future());
    synchronized (this) {
      return body.toString(StandardCharsets.UTF_8);
    }
  }

  JsonObject awaitJsonBody() {
    return new JsonObject(awaitBody());
  }

  /** Waits for the next {@code n} events, failing if they have not all come within {@code timeout}. */
  List<Event> awaitEvents(int n, Duration timeout) {
    List<Event> got = new ArrayList<>(n);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (got.size() < n) {
      Event next = poll(events, deadline);
      if (next == null) {
        throw new AssertionError("expected " + n + " events within " + timeout + " but got " + got.size()
            + (got.isEmpty() ? "" : ", the last with id " + got.get(got.size() - 1).id()));
      }
      got.add(next);
    }
    return got;
  }

  Event awaitEvent(Duration timeout) {
    return awaitEvents(1, timeout).get(0);
  }

  /** Waits for the next comment line (without its leading colon). */
  String awaitComment(Duration timeout) {
    String comment = poll(comments, System.nanoTime() + timeout.toNanos());
    if (comment == null) {
      throw new AssertionError("no comment line within " + timeout);
    }
    return comment;
  }

  /** Events received but not yet taken by {@link #awaitEvents}. */
  List<Event> drainEvents() {
    List<Event> rest = new ArrayList<>();
    events.drainTo(rest);
    return rest;
  }

  private static <T> T poll(BlockingQueue<T> queue, long deadlineNanos) {
    try {
      return queue.poll(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Closes the connection (and this client). */
  @Override
  public void close() {
    TestRelay.await(client.close());
  }
}
