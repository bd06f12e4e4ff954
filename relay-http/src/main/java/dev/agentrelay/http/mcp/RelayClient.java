package dev.agentrelay.http.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.tools.RelayApi;
import dev.agentrelay.core.tools.RelayRequest;
import dev.agentrelay.core.tools.RelayResponse;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.net.URI;

/**
 * A small client of the relay's REST API on vertx-core's HTTP client: how {@code /mcp}'s tools reach the relay
 * over loopback. (The bridge has its own on the JDK's client: Vert.x and Netty would double its start-up.)
 */
final class RelayClient {

  private static final long CONNECT_TIMEOUT_MILLIS = 5_000;

  private final HttpClient http;
  private final URI base;

  /** {@code base} is the relay's root, such as {@code http://localhost:8400}; a path prefix is kept. */
  RelayClient(HttpClient http, URI base) {
    this.http = http;
    this.base = base;
  }

  /** Options for a client of {@code base}: TLS when it is https. */
  static HttpClientOptions options(URI base) {
    return new HttpClientOptions().setSsl("https".equalsIgnoreCase(base.getScheme()))
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
    return base.getScheme() + "://" + base.getHost() + ":" + port() + prefix();
  }

  private Future<RelayResponse> send(String apiKey, String callPass, RelayRequest request) {
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.valueOf(request.method()))
        .setHost(base.getHost())
        .setPort(port())
        .setSsl("https".equalsIgnoreCase(base.getScheme()))
        .setURI(prefix() + request.path())
        .setConnectTimeout(CONNECT_TIMEOUT_MILLIS)
        .setIdleTimeout(request.timeout().toMillis())
        .putHeader("Authorization", "Bearer " + apiKey)
        .putHeader("Accept", "application/json")
        .putHeader(McpCallPasses.HEADER, callPass);
    if (request.idempotencyKey() != null) {
      options.putHeader("Idempotency-Key", request.idempotencyKey());
    }
    Buffer body = request.body() == null ? null : Buffer.buffer(Json.writeBytes(request.body()));
    if (body != null) {
      options.putHeader("Content-Type", "application/json");
    }
    return http.request(options)
        .compose(outgoing -> body == null ? outgoing.send() : outgoing.send(body))
        .compose(response -> response.body().map(bytes -> read(response, bytes)));
  }

  private static RelayResponse read(HttpClientResponse response, Buffer bytes) {
    return new RelayResponse(response.statusCode(), parse(bytes),
        "true".equalsIgnoreCase(response.getHeader("Idempotent-Replayed")), retryAfter(response));
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

  private static long retryAfter(HttpClientResponse response) {
    String value = response.getHeader("Retry-After");
    try {
      return value == null ? 0 : Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private int port() {
    if (base.getPort() > 0) {
      return base.getPort();
    }
    return "https".equalsIgnoreCase(base.getScheme()) ? 443 : 80;
  }

  private String prefix() {
    String path = base.getRawPath() == null ? "" : base.getRawPath();
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
