package dev.agentrelay.mcp;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The relay's REST API at {@code RELAY_URL}, acting with the bridge's key, on the JDK's HTTP client. Not
 * Vert.x's: starting Vert.x and Netty would nearly double the time from launch to the first answered
 * {@code tools/list}, and the bridge has no other use for them.
 */
final class JdkRelayApi implements RelayApi {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private final URI base;
  private final String apiKey;
  private HttpClient http;

  JdkRelayApi(URI base, String apiKey) {
    this.base = base;
    this.apiKey = apiKey;
  }

  /** Built on first use, so that the bridge can build it while the MCP server starts. */
  synchronized HttpClient http() {
    if (http == null) {
      http = client(base);
    }
    return http;
  }

  private static HttpClient client(URI base) {
    HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(CONNECT_TIMEOUT);
    if (!"https".equalsIgnoreCase(base.getScheme())) {
      // plain http never uses TLS, but without a context of its own the JDK's client loads the default one,
      // reading the trust store, which is a sizeable part of the bridge's start-up
      try {
        builder.sslContext(SSLContext.getInstance("TLS")).sslParameters(new SSLParameters());
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JVM has TLS", e);
      }
    }
    return builder.build();
  }

  @Override
  public Future<RelayResponse> send(RelayRequest request) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(location() + request.path()))
        .timeout(request.timeout())
        .header("Authorization", "Bearer " + apiKey)
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
    return Future.fromCompletionStage(http().sendAsync(builder.build(), HttpResponse.BodyHandlers.ofByteArray())
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
    return new RelayResponse(response.statusCode(), parse(response.body()),
        response.headers().firstValue("Idempotent-Replayed").map("true"::equalsIgnoreCase).orElse(false),
        response.headers().firstValue("Retry-After").map(JdkRelayApi::seconds).orElse(0L));
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

  private static long seconds(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The JDK reports "connection refused" as a ConnectException without a message. */
  private static Throwable unwrapped(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
        : failure;
    if (cause.getMessage() == null || cause.getMessage().isBlank()) {
      return new IOException(cause instanceof java.net.ConnectException ? "connection refused"
          : cause.getClass().getSimpleName(), cause);
    }
    return cause;
  }
}
