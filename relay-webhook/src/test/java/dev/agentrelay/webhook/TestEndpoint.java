package dev.agentrelay.webhook;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP endpoint on a free loopback port that answers as the test scripts it, and notes on which
 * connection each request came and when a connection closes.
 */
final class TestEndpoint {

  private final HttpServer server;
  private final List<HttpConnection> requestConnections = new CopyOnWriteArrayList<>();
  private final List<CompletableFuture<Void>> closes = new CopyOnWriteArrayList<>();

  private TestEndpoint(Vertx vertx, Handler<HttpServerRequest> answer) {
    server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .connectionHandler(connection -> {
          CompletableFuture<Void> closed = new CompletableFuture<>();
          closes.add(closed);
          connection.closeHandler(v -> closed.complete(null));
        })
        .requestHandler(request -> {
          requestConnections.add(request.connection());
          request.body().onComplete(read -> answer.handle(request));
        });
  }

  static TestEndpoint start(Vertx vertx, Handler<HttpServerRequest> answer) {
    TestEndpoint endpoint = new TestEndpoint(vertx, answer);
    await(endpoint.server.listen());
    return endpoint;
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/hook";
  }

  int requests() {
    return requestConnections.size();
  }

  /** The connection the n-th request (from 0) came on. */
  HttpConnection connectionOf(int request) {
    return requestConnections.get(request);
  }

  /** Waits until the first connection made to this endpoint is closed. */
  void awaitFirstConnectionClosed() {
    try {
      closes.get(0).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the connection was not closed: " + e, e);
    }
  }

  void close() {
    await(server.close());
  }

  static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("timed out or failed: " + e, e);
    }
  }
}
