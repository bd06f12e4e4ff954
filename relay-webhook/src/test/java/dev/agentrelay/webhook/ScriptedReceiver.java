package dev.agentrelay.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.push.StandardWebhooks;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real webhook endpoint on a free loopback port that answers the n-th request with the n-th scripted status
 * (the last one for every later request), each when its hold, if any, is released; it keeps every request it got.
 */
final class ScriptedReceiver {

  /** One request as received: when, its Standard Webhooks headers and its body. */
  record Received(long atNanos, String id, long timestamp, String signature, byte[] body) {

    JsonNode json() {
      return Json.readStored(new String(body, StandardCharsets.UTF_8));
    }

    long seq() {
      return json().path("data").path("seq").asLong();
    }

    /** Whether the signature is the one {@code secret} makes. */
    boolean signedWith(String secret) {
      return signature.equals(StandardWebhooks.sign(secret, id, timestamp, body));
    }
  }

  private final HttpServer server;
  private final List<Integer> statuses;
  private final List<Future<Void>> holds = new ArrayList<>();
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private final AtomicInteger count = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger mostInFlight = new AtomicInteger();

  private ScriptedReceiver(Vertx vertx, List<Integer> statuses) {
    this.statuses = List.copyOf(statuses);
    this.server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(request -> request.body().onSuccess(body -> {
          int n = count.getAndIncrement();
          mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
          received.add(new Received(System.nanoTime(), request.getHeader("webhook-id"),
              Long.parseLong(request.getHeader("webhook-timestamp")), request.getHeader("webhook-signature"),
              body.getBytes()));
          hold(n).onComplete(released -> {
            inFlight.decrementAndGet();
            request.response().setStatusCode(this.statuses.get(Math.min(n, this.statuses.size() - 1))).end();
          });
        }));
  }

  static ScriptedReceiver start(Vertx vertx, Integer... statuses) {
    ScriptedReceiver receiver = new ScriptedReceiver(vertx, List.of(statuses));
    TestEndpoint.await(receiver.server.listen());
    return receiver;
  }

  /** Holds the answer to the n-th request (from 0) until the returned promise is completed. */
  synchronized Promise<Void> holdAnswer(int request) {
    Promise<Void> release = Promise.promise();
    while (holds.size() <= request) {
      holds.add(null);
    }
    holds.set(request, release.future());
    return release;
  }

  private synchronized Future<Void> hold(int request) {
    Future<Void> held = request < holds.size() ? holds.get(request) : null;
    return held == null ? Future.succeededFuture() : held;
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/hook";
  }

  /** The next request, waiting for it up to 30 s. */
  Received next() {
    try {
      Received next = received.poll(30, TimeUnit.SECONDS);
      if (next == null) {
        throw new AssertionError("no request came within 30 s");
      }
      return next;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  int requests() {
    return count.get();
  }

  int mostInFlight() {
    return mostInFlight.get();
  }

  void close() {
    TestEndpoint.await(server.close());
  }
}
