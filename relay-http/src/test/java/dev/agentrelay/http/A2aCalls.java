package dev.agentrelay.http;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** A2A calls for tests: JSON-RPC requests and SSE streams of both bindings, over the JDK's HTTP client. */
final class A2aCalls {

  private static final AtomicInteger IDS = new AtomicInteger();

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;

  A2aCalls(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  /** A JSON-RPC call to {@code agent}: the whole response object. */
  JsonObject rpc(String key, String agent, String method, JsonObject params) {
    JsonObject request = new JsonObject().put("jsonrpc", "2.0").put("id", IDS.incrementAndGet())
        .put("method", method).put("params", params);
    Reply reply = post(key, "/a2a/" + agent, request.encode(), "1.0");
    if (reply.status() != 200) {
      throw new AssertionError("JSON-RPC " + method + " answered HTTP " + reply);
    }
    return new JsonObject(reply.body());
  }

  /** A JSON-RPC call's result; fails the test on an error. */
  JsonObject result(String key, String agent, String method, JsonObject params) {
    JsonObject response = rpc(key, agent, method, params);
    if (response.containsKey("error")) {
      throw new AssertionError(method + " failed: " + response.encode());
    }
    return response.getJsonObject("result");
  }

  Reply post(String key, String path, String body, String version) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    return send(request, key, version);
  }

  Reply get(String key, String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), key, "1.0");
  }

  Reply delete(String key, String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE(), key, "1.0");
  }

  Reply send(HttpRequest.Builder request, String key, String version) {
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    if (version != null) {
      request.header("A2A-Version", version);
    }
    try {
      HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
          response.body(), response);
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Opens an SSE stream with a POST (or GET when {@code body} is null). */
  Stream open(String key, String path, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("A2A-Version", "1.0")
        .header("Accept", "text/event-stream").header("Authorization", "Bearer " + key);
    request = body == null ? request.GET()
        : request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    Stream stream = new Stream();
    stream.ended = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines()).thenAccept(response -> {
      stream.status.complete(response.statusCode());
      response.body().forEach(line -> {
        if (line.startsWith("data:")) {
          stream.events.add(new JsonObject(line.substring(5).trim()));
        }
      });
    });
    return stream;
  }

  record Reply(int status, String contentType, String body, HttpResponse<String> response) {
    JsonObject json() {
      return new JsonObject(body);
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  /** The data events of one SSE response, as they come, and when it ends. */
  static final class Stream {
    final BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> status = new CompletableFuture<>();
    CompletableFuture<Void> ended;

    JsonObject next() {
      try {
        JsonObject event = events.poll(30, TimeUnit.SECONDS);
        if (event == null) {
          throw new AssertionError("no SSE event within 30 s");
        }
        return event;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    /** Waits for the server to end the stream; answers the events not yet taken. */
    List<JsonObject> awaitEnd() {
      try {
        ended.get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new AssertionError("the stream did not end within 30 s", e);
      }
      List<JsonObject> rest = new java.util.ArrayList<>();
      events.drainTo(rest);
      return rest;
    }
  }

  /** A text message for SendMessage's params. */
  static JsonObject message(String messageId, String text) {
    return new JsonObject().put("messageId", messageId).put("role", "ROLE_USER")
        .put("parts", new io.vertx.core.json.JsonArray().add(new JsonObject().put("text", text)));
  }

  static JsonObject sendParams(JsonObject message, boolean returnImmediately) {
    return new JsonObject().put("message", message)
        .put("configuration", new JsonObject().put("returnImmediately", returnImmediately));
  }
}
