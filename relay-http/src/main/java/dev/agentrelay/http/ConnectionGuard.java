package dev.agentrelay.http;

import dev.agentrelay.http.api.ProblemFailureHandler;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Bounds what a connection may hold without doing anything: a cap on open connections (shared by every HTTP
 * verticle of the relay), a deadline for the first request's headers, and a timeout for a connection with no
 * request in progress.
 *
 * <p>The idle timeout is suspended while a response is pending, so that a long-poll that writes nothing for 60 s
 * and an SSE stream whose keep-alive interval is configured longer than the timeout are never cut; Vert.x's own
 * idle timeout counts bytes and would cut both. It runs while a request body is still arriving, so a body sent
 * a byte at a time cannot hold a connection either. One instance per verticle, used on its event loop only: a sweep
 * a few times per deadline closes what is overdue, which costs a request no timer of its own.
 */
final class ConnectionGuard {

  private static final Logger LOG = Logger.getLogger(ConnectionGuard.class.getName());
  private static final long MAX_SWEEP_MILLIS = 1000;
  private static final long REFUSAL_LOG_MILLIS = 60_000;
  /** Connections over the cap kept long enough to answer their first request with a 503, at most. */
  private static final int MAX_OVERFLOW_ANSWERS = 64;

  private final Vertx vertx;
  private final AtomicInteger open;
  private final int maxConnections;
  private final int overflowAnswers;
  private final long idleMillis;
  private final long headerMillis;
  private final Map<HttpConnection, Watched> watched = new HashMap<>();
  private long lastRefusalLogged = Long.MIN_VALUE / 2;

  /** @param open the count of open connections, shared by every verticle instance of one relay */
  ConnectionGuard(Vertx vertx, AtomicInteger open, int maxConnections, long idleMillis, long headerMillis) {
    this.vertx = vertx;
    this.open = open;
    this.maxConnections = maxConnections;
    this.overflowAnswers = Math.min(MAX_OVERFLOW_ANSWERS, maxConnections);
    this.idleMillis = idleMillis;
    this.headerMillis = headerMillis;
  }

  /** Starts the sweep; Vert.x cancels it with the verticle that called this. */
  void start() {
    long sweep = Math.max(5, Math.min(MAX_SWEEP_MILLIS, Math.min(idleMillis, headerMillis) / 4));
    vertx.setPeriodic(sweep, id -> sweep(now()));
  }

  /**
   * For {@code HttpServer#connectionHandler}. A connection over the cap is kept, within the header deadline, to
   * answer its first request with a 503; only a few are, and they count as open, so that beyond those a flood of
   * connections is closed at once, before it can send anything.
   */
  void connected(HttpConnection connection) {
    int count = open.incrementAndGet();
    if (count > maxConnections) {
      logRefusal();
    }
    if (count > maxConnections + overflowAnswers) {
      open.decrementAndGet();
      connection.close();
      return;
    }
    watched.put(connection, new Watched(now(), count > maxConnections));
    connection.closeHandler(closed -> {
      watched.remove(connection);
      open.decrementAndGet();
    });
  }

  /** Wraps the request handler so that each request marks its connection busy until its response ends. */
  Handler<HttpServerRequest> watching(Handler<HttpServerRequest> requests) {
    return request -> {
      Watched connection = watched.get(request.connection());
      if (connection != null && connection.overCap) {
        refuse(request);
        return;
      }
      if (connection != null) {
        connection.requestArrived(request, now());
      }
      requests.handle(request);
    };
  }

  private void refuse(HttpServerRequest request) {
    request.response().putHeader("Connection", "close").putHeader("Retry-After", "1");
    ProblemFailureHandler.send(request.response(), 503, "Service unavailable", "too_many_connections",
        "the relay holds as many connections as it takes (" + maxConnections + "); retry on a new one shortly")
        .onComplete(done -> request.connection().close());
  }

  private void sweep(long now) {
    List<HttpConnection> overdue = new ArrayList<>();
    watched.forEach((connection, state) -> {
      if (state.overdue(now, idleMillis, headerMillis)) {
        overdue.add(connection);
      }
    });
    overdue.forEach(HttpConnection::close);
  }

  private void logRefusal() {
    long now = now();
    if (now - lastRefusalLogged >= REFUSAL_LOG_MILLIS) {
      lastRefusalLogged = now;
      LOG.warning("refusing connections: " + maxConnections + " are open (RELAY_HTTP_MAX_CONNECTIONS)");
    }
  }

  private static long now() {
    return System.nanoTime() / 1_000_000;
  }

  /**
   * One connection's state; HTTP/2 may have several requests in progress at once, HTTP/1.1 one at a time. The
   * connection waits on its client while no request is in progress or while a request's body is still arriving,
   * and on the relay while a whole request is in and its response is pending: only the first kind of wait is
   * bounded, so a slow body counts against the idle timeout and a long-poll does not.
   */
  private static final class Watched {

    private final long openedAt;
    private final boolean overCap;
    private final List<HttpServerRequest> inProgress = new ArrayList<>(1);
    private boolean sawRequest;
    private long lastBusy;

    Watched(long openedAt, boolean overCap) {
      this.openedAt = openedAt;
      this.overCap = overCap;
      this.lastBusy = openedAt;
    }

    void requestArrived(HttpServerRequest request, long now) {
      forgetAnswered();
      inProgress.add(request);
      sawRequest = true;
      lastBusy = now;
    }

    boolean overdue(long now, long idleMillis, long headerMillis) {
      forgetAnswered();
      for (HttpServerRequest request : inProgress) {
        if (request.isEnded()) {
          lastBusy = now;
          return false;
        }
      }
      return sawRequest ? now - lastBusy >= idleMillis : now - openedAt >= Math.min(headerMillis, idleMillis);
    }

    private void forgetAnswered() {
      for (Iterator<HttpServerRequest> i = inProgress.iterator(); i.hasNext(); ) {
        HttpServerResponse response = i.next().response();
        if (response.ended() || response.closed()) {
          i.remove();
        }
      }
    }
  }
}
