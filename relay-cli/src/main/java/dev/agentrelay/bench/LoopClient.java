package dev.agentrelay.bench;

import dev.agentrelay.http.client.VertxRelayClient;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import java.net.URI;

/**
 * Requests made from one event loop on connections of that same loop: a client of its own whose connections
 * are all opened by requests made on its context, so that a request is written and its answer read on the
 * thread that made it. With a shared pool a request may get a connection of another event loop, and then it
 * is handed to that loop and its answer handed back: two thread wake-ups per request, which at low rates
 * (every thread asleep between messages) the bench would count as the relay's latency. Call {@link #post}
 * and {@link #get} on its context only: from {@link #run} and from the timers and answers that leads to.
 */
final class LoopClient implements AutoCloseable {

  private final Context context;
  private final HttpClientAgent http;
  private final VertxRelayClient relay;

  /** A new event-loop context of {@code relay}'s Vert.x, with up to {@code connections} connections. */
  LoopClient(RelayClient relay, int connections) {
    this.context = relay.vertx().getOrCreateContext();
    this.http = relay.vertx().createHttpClient(relay.clientOptions(),
        new PoolOptions().setHttp1MaxSize(connections));
    this.relay = new VertxRelayClient(http, URI.create(relay.baseUrl()));
  }

  /** Runs {@code action} on this client's event loop. */
  void run(Runnable action) {
    context.runOnContext(v -> action.run());
  }

  Future<RelayClient.Reply> get(String path, String key) {
    return request(HttpMethod.GET, path, key, null);
  }

  Future<RelayClient.Reply> post(String path, String key, Buffer body) {
    return request(HttpMethod.POST, path, key, body);
  }

  private Future<RelayClient.Reply> request(HttpMethod method, String path, String key, Buffer body) {
    return relay.send(relay.request(method, path, key), body)
        .map(answer -> new RelayClient.Reply(answer.status(), answer.body()));
  }

  @Override
  public void close() {
    Bench.await(http.close(), 10);
  }
}
