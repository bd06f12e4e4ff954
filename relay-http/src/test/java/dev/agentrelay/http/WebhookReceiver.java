package dev.agentrelay.http;

import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real webhook endpoint for tests: an HTTP server on a free loopback port that records every request,
 * answers the scripted statuses (then a default), optionally after a delay (a Vert.x timer, never blocking) or
 * once the test opens a gate, and counts how many requests are in flight at once. Tests wait for requests with
 * {@link #next(Duration)}.
 */
final class WebhookReceiver {

  /** One request as it arrived; {@code answered} completes with the status once the answer is sent. */
  record Received(int index, String path, MultiMap headers, Buffer body, long arrivedNanos, int inFlightOnArrival,
      CompletableFuture<Long> answeredNanos) {

    JsonObject json() {
      return new JsonObject(body);
    }

    JsonObject data() {
      return json().getJsonObject("data");
    }

    String header(String name) {
      return headers.get(name);
    }
  }

  private final Vertx vertx;
  private final HttpServer server;
  private final Deque<Integer> script = new ArrayDeque<>();
  private final BlockingQueue<Received> arrivals = new LinkedBlockingQueue<>();
  private final List<Received> all = new ArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private volatile int defaultStatus = 200;
  private volatile long delayMillis;
  private volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);
  private volatile String location;

  private WebhookReceiver(Vertx vertx) {
    this.vertx = vertx;
    this.server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(this::handle);
  }

  static WebhookReceiver start(Vertx vertx) {
    WebhookReceiver receiver = new WebhookReceiver(vertx);
    TestRelay.await(receiver.server.listen());
    return receiver;
  }

  int port() {
    return server.actualPort();
  }

  String url() {
    return "http://127.0.0.1:" + port() + "/hook";
  }

  /** The next requests are answered with these statuses, in order; later ones with the default. */
  synchronized WebhookReceiver script(int... statuses) {
    for (int status : statuses) {
      script.add(status);
    }
    return this;
  }

  WebhookReceiver answerByDefault(int status) {
    defaultStatus = status;
    return this;
  }

  /** Every answer carries {@code Location: url}, as a redirect does. */
  WebhookReceiver locationHeader(String url) {
    location = url;
    return this;
  }

  WebhookReceiver delayAnswers(long millis) {
    delayMillis = millis;
    return this;
  }

  /**
   * Holds the answer to each request that arrives from now on until the returned gate is completed (or the
   * receiver closed); requests that arrive after that are answered as usual.
   */
  CompletableFuture<Void> holdAnswers() {
    CompletableFuture<Void> held = new CompletableFuture<>();
    gate = held;
    return held;
  }

  /** The next request not yet taken by a test, waiting at most {@code timeout}. */
  Received next(Duration timeout) {
    try {
      Received received = arrivals.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (received == null) {
        throw new AssertionError("no webhook request arrived within " + timeout + " (received so far: "
            + count() + ")");
      }
      return received;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  synchronized int count() {
    return all.size();
  }

  synchronized List<Received> all() {
    return List.copyOf(all);
  }

  int maxInFlight() {
    return maxInFlight.get();
  }

  void close() {
    gate.complete(null);
    TestRelay.await(server.close());
  }

  private void handle(HttpServerRequest request) {
    long arrived = System.nanoTime();
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    request.body().onComplete(read -> {
      Received received;
      int status;
      synchronized (this) {
        received = new Received(all.size() + 1, request.path(), MultiMap.caseInsensitiveMultiMap()
            .addAll(request.headers()), read.succeeded() ? read.result() : Buffer.buffer(), arrived, now,
            new CompletableFuture<>());
        all.add(received);
        Integer scripted = script.poll();
        status = scripted != null ? scripted : defaultStatus;
      }
      arrivals.add(received);
      Runnable answer = () -> {
        inFlight.decrementAndGet();
        received.answeredNanos().complete(System.nanoTime());
        String redirect = location;
        if (redirect != null) {
          request.response().putHeader("Location", redirect);
        }
        request.response().setStatusCode(status).end();
      };
      long delay = delayMillis;
      Runnable delayed = delay > 0 ? () -> vertx.setTimer(delay, t -> answer.run()) : answer;
      CompletableFuture<Void> held = gate;
      if (held.isDone()) {
        delayed.run();
      } else {
        Context context = Vertx.currentContext();
        held.whenComplete((v, e) -> context.runOnContext(go -> delayed.run()));
      }
    });
  }
}
