package dev.agentrelay.bench;

import dev.agentrelay.http.client.VertxRelayClient;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The bench's asynchronous HTTP client for one relay: requests on a pooled keep-alive client, a separate
 * client for long-lived SSE streams, and helpers to register agents. Every agent it registers is
 * remembered, so that a remote run can clean up after itself.
 */
final class RelayClient implements AutoCloseable {

  static final String API = "/api/v1";

  private final Vertx vertx;
  private final String host;
  private final int port;
  private final boolean ssl;
  private final String adminKey;
  private final HttpClientAgent http;
  private final VertxRelayClient relay;
  private final List<String> registered = new CopyOnWriteArrayList<>();
  /** The node id the relay's health answer names, once asked; null before or when it names none. */
  private volatile String nodeId;

  /** A response: its status and body. */
  record Reply(int status, Buffer body) {

    JsonObject json() {
      return body.toJsonObject();
    }

    boolean ok() {
      return status >= 200 && status < 300;
    }

    @Override
    public String toString() {
      String text = body == null ? "" : body.toString();
      return status + " " + (text.length() > 300 ? text.substring(0, 300) + "…" : text);
    }
  }

  RelayClient(Vertx vertx, URI base, String adminKey, int poolSize) {
    this.vertx = vertx;
    this.ssl = "https".equalsIgnoreCase(base.getScheme());
    this.host = base.getHost();
    this.port = base.getPort() > 0 ? base.getPort() : ssl ? 443 : 80;
    this.adminKey = adminKey;
    this.http = vertx.createHttpClient(clientOptions(), new PoolOptions().setHttp1MaxSize(poolSize));
    this.relay = new VertxRelayClient(http, URI.create(baseUrl()));
  }

  Vertx vertx() {
    return vertx;
  }

  String adminKey() {
    return adminKey;
  }

  String baseUrl() {
    return (ssl ? "https" : "http") + "://" + host + ":" + port;
  }

  /** {@code host:port} of this relay, after the node id its health answer gave: how tables name a node. */
  String label() {
    String hostPort = host + ":" + port;
    return nodeId == null ? hostPort : nodeId + " (" + hostPort + ")";
  }

  String nodeId() {
    return nodeId;
  }

  void nodeId(String id) {
    nodeId = id == null || id.isBlank() ? null : id;
  }

  /** The options of every client the bench opens to this relay. */
  HttpClientOptions clientOptions() {
    return new HttpClientOptions().setSsl(ssl).setDefaultHost(host).setDefaultPort(port).setTcpNoDelay(true);
  }

  /** A client for {@code size} simultaneous SSE streams; the caller closes it. */
  HttpClientAgent streamClient(int size) {
    return vertx.createHttpClient(clientOptions().setKeepAlive(false),
        new PoolOptions().setHttp1MaxSize(size + 16));
  }

  RequestOptions options(HttpMethod method, String path, String key) {
    return relay.request(method, path, key);
  }

  Future<Reply> get(String path, String key) {
    return request(HttpMethod.GET, path, key, null);
  }

  Future<Reply> post(String path, String key, Buffer body) {
    return request(HttpMethod.POST, path, key, body);
  }

  Future<Reply> request(HttpMethod method, String path, String key, Buffer body) {
    return relay.send(options(method, path, key), body).map(answer -> new Reply(answer.status(), answer.body()));
  }

  /** Registers {@code agentId} as admin and answers its key. */
  Future<String> register(String agentId, int tier, JsonObject extra) {
    JsonObject body = new JsonObject().put("agent_id", agentId).put("trust_tier", tier);
    if (extra != null) {
      body.mergeIn(extra);
    }
    return post(API + "/agents", adminKey, body.toBuffer()).compose(reply -> {
      if (reply.status() != 201) {
        return Future.failedFuture("registering " + agentId + " failed: " + reply);
      }
      registered.add(agentId);
      return Future.succeededFuture(reply.json().getString("api_key"));
    });
  }

  /** Registers every id (tier 2, defaults otherwise), {@code concurrency} at a time; answers id → key. */
  Future<Map<String, String>> registerAll(List<String> ids, int concurrency) {
    Map<String, String> keys = new ConcurrentHashMap<>();
    return forEach(ids, concurrency, id -> register(id, 2, null).map(key -> keys.put(id, key))).map(v -> keys);
  }

  /** Acknowledges everything queued for the agents the bench registered, then deletes them. */
  Future<Void> cleanUp() {
    List<String> ids = new ArrayList<>(registered);
    Buffer ackAll = new JsonObject().put("up_to_seq", Long.MAX_VALUE / 2).toBuffer();
    return forEach(ids, 16, id -> post(API + "/inbox/ack?agent_id=" + id, adminKey, ackAll)
        .compose(v -> request(HttpMethod.DELETE, API + "/agents/" + id, adminKey, null)))
        .onSuccess(v -> registered.removeAll(ids));
  }

  int registeredCount() {
    return registered.size();
  }

  /**
   * Runs {@code action} on every item with at most {@code concurrency} in flight; fails with the first
   * failure (after the ones in flight finish).
   */
  static <T> Future<Void> forEach(List<T> items, int concurrency, Function<T, Future<?>> action) {
    if (items.isEmpty()) {
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    AtomicInteger next = new AtomicInteger();
    int lanes = Math.min(concurrency, items.size());
    AtomicInteger active = new AtomicInteger(lanes);
    Runnable[] step = new Runnable[1];
    step[0] = () -> {
      int i = next.getAndIncrement();
      if (i >= items.size()) {
        if (active.decrementAndGet() == 0) {
          done.tryComplete();
        }
        return;
      }
      Future<?> f;
      try {
        f = action.apply(items.get(i));
      } catch (RuntimeException e) {
        f = Future.failedFuture(e);
      }
      f.onComplete(ar -> {
        if (ar.failed()) {
          done.tryFail(ar.cause());
          next.set(items.size());
        }
        step[0].run();
      });
    };
    for (int k = 0; k < lanes; k++) {
      step[0].run();
    }
    return done.future();
  }

  @Override
  public void close() {
    Bench.await(http.close(), 10);
  }
}
