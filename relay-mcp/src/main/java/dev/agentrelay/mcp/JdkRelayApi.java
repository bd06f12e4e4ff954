package dev.agentrelay.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentrelay.client.RelayHttp;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.tools.RelayApi;
import dev.agentrelay.core.tools.RelayRequest;
import dev.agentrelay.core.tools.RelayResponse;
import io.vertx.core.Future;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletionException;

/**
 * The relay's REST API at {@code RELAY_URL}, acting with the bridge's key, on the JDK's HTTP client. Not
 * Vert.x's: starting Vert.x and Netty would nearly double the time from launch to the first answered
 * {@code tools/list}, and the bridge has no other use for them.
 */
final class JdkRelayApi implements RelayApi {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private final URI base;
  private final RelayHttp relay;
  private HttpClient http;

  JdkRelayApi(URI base, String apiKey) {
    this.base = base;
    this.relay = new RelayHttp(this::http, this::location, apiKey);
  }

  /** Built on first use, so that the bridge can build it while the MCP server starts. */
  synchronized HttpClient http() {
    if (http == null) {
      http = RelayHttp.client(base.toString(), CONNECT_TIMEOUT);
    }
    return http;
  }

  @Override
  public Future<RelayResponse> send(RelayRequest request) {
    HttpRequest.Builder builder = relay.request(request.path())
        .timeout(request.timeout())
        .header("Accept", "application/json");
    if (request.idempotencyKey() != null) {
      builder.header("Idempotency-Key", request.idempotencyKey());
    }
    if (request.body() != null) {
      builder.header("Content-Type", "application/json")
          .method(request.method(), HttpRequest.BodyPublishers.ofByteArray(Json.writeBytes(request.body())));
    } else {
      builder.method(request.method(), HttpRequest.BodyPublishers.noBody());
    }
    return Future.fromCompletionStage(relay.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofByteArray())
        .handle((response, failure) -> {
          if (failure != null) {
            throw new CompletionException(unwrapped(failure));
          }
          return read(response);
        }));
  }

  @Override
  public String location() {
    String path = base.getRawPath() == null ? "" : base.getRawPath();
    int port = base.getPort() > 0 ? base.getPort() : "https".equalsIgnoreCase(base.getScheme()) ? 443 : 80;
    return base.getScheme() + "://" + base.getHost() + ":" + port
        + (path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
  }

  private static RelayResponse read(HttpResponse<byte[]> response) {
    return new RelayResponse(response.statusCode(), parse(response.body()), RelayHttp.replayed(response),
        RelayHttp.retryAfterSeconds(response));
  }

  private static JsonNode parse(byte[] body) {
    if (body == null || body.length == 0) {
      return null;
    }
    try {
      return Json.MAPPER.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  /** The JDK reports a refused connection as a ConnectException without a message. */
  private static Throwable unwrapped(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
        : failure;
    if (cause.getMessage() == null || cause.getMessage().isBlank()) {
      return new IOException(RelayHttp.describe(cause), cause);
    }
    return cause;
  }
}
