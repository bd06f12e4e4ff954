package dev.agentrelay.http.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.tools.RelayApi;
import dev.agentrelay.core.tools.RelayRequest;
import dev.agentrelay.core.tools.RelayResponse;
import dev.agentrelay.http.client.VertxRelayClient;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.net.URI;

/** How {@code /mcp}'s tools reach the relay over loopback: the REST API as each caller's agent. */
final class RelayClient {

  private static final long CONNECT_TIMEOUT_MILLIS = 5_000;

  private final VertxRelayClient relay;

  /** {@code base} is the relay's root, such as {@code http://localhost:8400}; a path prefix is kept. */
  RelayClient(HttpClient http, URI base) {
    this.relay = new VertxRelayClient(http, base);
  }

  /** Options for a client of {@code base}: TLS when it is https. */
  static HttpClientOptions options(URI base) {
    return new HttpClientOptions().setSsl(VertxRelayClient.isHttps(base))
        .setConnectTimeout((int) CONNECT_TIMEOUT_MILLIS).setKeepAlive(true);
  }

  /**
   * The REST API acting as the agent whose key is {@code apiKey}, for the {@code /mcp} request whose pass is
   * {@code callPass} (see {@link McpCallPasses}).
   */
  RelayApi as(String apiKey, String callPass) {
    return new RelayApi() {
      @Override
      public Future<RelayResponse> send(RelayRequest request) {
        return RelayClient.this.send(apiKey, callPass, request);
      }

      @Override
      public String location() {
        return RelayClient.this.location();
      }
    };
  }

  /** The relay's address without any user info, for messages. */
  String location() {
    return relay.location();
  }

  private Future<RelayResponse> send(String apiKey, String callPass, RelayRequest request) {
    RequestOptions options = relay.request(HttpMethod.valueOf(request.method()), request.path(), apiKey)
        .setConnectTimeout(CONNECT_TIMEOUT_MILLIS)
        .setIdleTimeout(request.timeout().toMillis())
        .putHeader("Accept", "application/json")
        .putHeader(McpCallPasses.HEADER, callPass);
    if (request.idempotencyKey() != null) {
      options.putHeader("Idempotency-Key", request.idempotencyKey());
    }
    Buffer body = request.body() == null ? null : Buffer.buffer(Json.writeBytes(request.body()));
    return relay.send(options, body).map(answer -> new RelayResponse(answer.status(), parse(answer.body()),
        answer.replayed(), answer.retryAfterSeconds()));
  }

  private static JsonNode parse(Buffer bytes) {
    if (bytes == null || bytes.length() == 0) {
      return null;
    }
    try {
      return Json.MAPPER.readTree(bytes.getBytes());
    } catch (IOException e) {
      return null;
    }
  }
}
