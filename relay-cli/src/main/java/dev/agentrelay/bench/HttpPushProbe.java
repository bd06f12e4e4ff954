package dev.agentrelay.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A send's HTTP path with nothing of the relay's in it: on a Vert.x of its own (two event loops, as a small
 * relay), a client POSTs a small JSON body on one connection; the server reads it with Jackson, answers 201 with
 * it, and writes it as an SSE event to a stream the client holds open on another connection. One tick is the time
 * from the POST's start to the event's arrival at the client: the frameworks' share of send→SSE, without a store,
 * authentication, validation or the bus. It runs on the probe's thread, one POST at a time.
 */
final class HttpPushProbe implements AutoCloseable {

  private static final long TIMEOUT_SECONDS = 10;
  private static final Buffer BODY = Buffer.buffer(
      "{\"to_agent\":\"probe-receiver\",\"content\":\"a message of about the size an agent sends\"}");

  private final ObjectMapper mapper = new ObjectMapper();
  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
  private final HttpServer server;
  private final HttpClientAgent client;
  /** Held: Vert.x closes a client nothing refers to any more. */
  private final HttpClientAgent streamClient;
  private final RequestOptions post;
  private final Context sender;
  private volatile HttpServerResponse stream;
  private volatile CompletableFuture<Long> arrival;
  private long sent;

  HttpPushProbe() throws IOException {
    try {
      server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
          .await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      client = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(1));
      sender = vertx.getOrCreateContext();
      post = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(server.actualPort())
          .setURI("/send").putHeader("Content-Type", "application/json");
      // the stream on a client of its own, so that it never shares the POST's connection
      streamClient = vertx.createHttpClient();
      streamClient.request(new RequestOptions().setHost("127.0.0.1").setPort(server.actualPort())
          .setURI("/stream")).compose(request -> request.send()).onSuccess(response -> response.handler(frame -> {
            CompletableFuture<Long> waiting = arrival;
            if (waiting != null) {
              waiting.complete(System.nanoTime());
            }
          })).await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      close();
      throw new IOException("the HTTP probe could not start: " + e.getMessage(), e);
    }
  }

  /** Nanoseconds from a POST's start to its SSE event's first bytes at the client; the 201 is read too. */
  long tick() throws Exception {
    CompletableFuture<Long> arrived = new CompletableFuture<>();
    arrival = arrived;
    long[] start = new long[1];
    CompletableFuture<Buffer> answered = new CompletableFuture<>();
    // the whole exchange on one context, timed from there as the push bench times its sends: its answer is read on
    // the event loop that sent it
    sender.runOnContext(v -> {
      start[0] = System.nanoTime();
      client.request(post).compose(request -> request.send(BODY)).compose(HttpClientResponse::body)
          .onSuccess(answered::complete).onFailure(answered::completeExceptionally);
    });
    long arrivedAt = arrived.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    // completed on the sender's event loop after it stamped the start: the stamp is visible here after this
    answered.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    arrival = null;
    return arrivedAt - start[0];
  }

  private void handle(HttpServerRequest request) {
    if (request.path().equals("/stream")) {
      HttpServerResponse response = request.response().setChunked(true)
          .putHeader("Content-Type", "text/event-stream");
      response.writeHead();
      stream = response;
      return;
    }
    request.body().onSuccess(body -> {
      try {
        ObjectNode message = (ObjectNode) mapper.readTree(body.getBytes());
        message.put("seq", ++sent);
        byte[] json = mapper.writeValueAsBytes(message);
        request.response().setStatusCode(201).putHeader("Content-Type", "application/json").end(Buffer.buffer(json));
        stream.write(Buffer.buffer("id: " + sent + "\nevent: message.new\ndata: ").appendBytes(json)
            .appendString("\n\n"));
      } catch (IOException e) {
        request.response().setStatusCode(400).end();
      }
    });
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
