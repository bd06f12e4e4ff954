package dev.agentrelay.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The relay's REST API on the JDK's HTTP client, for the command line and the MCP bridge: requests to the relay's
 * location carrying the agent's key, the headers every answer may carry, and what to say when none came.
 */
public final class RelayHttp {

  private final Supplier<HttpClient> client;
  private final Supplier<String> location;
  private final String apiKey;

  /**
   * @param client asked for on each call, so that a client built on first use is built by whoever calls first
   * @param location the URL the request paths follow, without a trailing slash, asked again for each request
   * @param apiKey sent as a Bearer token; null sends none
   */
  public RelayHttp(Supplier<HttpClient> client, Supplier<String> location, String apiKey) {
    this.client = client;
    this.location = location;
    this.apiKey = apiKey;
  }

  /**
   * An HTTP/1.1 client for the relay at {@code base}. For plain http it gets a TLS context of its own, which it
   * never uses: without one the JDK's client loads the default context, reading the trust store, a sizeable part
   * of a short-lived process's start-up.
   */
  public static HttpClient client(String base, Duration connectTimeout) {
    HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(connectTimeout);
    if (!base.regionMatches(true, 0, "https:", 0, "https:".length())) {
      try {
        builder.sslContext(SSLContext.getInstance("TLS")).sslParameters(new SSLParameters());
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JVM has TLS", e);
      }
    }
    return builder.build();
  }

  public String location() {
    return location.get();
  }

  /** A request for {@code path} (with its query, if any) below the location, with the key. */
  public HttpRequest.Builder request(String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(location.get() + path));
    if (apiKey != null) {
      request.header("Authorization", "Bearer " + apiKey);
    }
    return request;
  }

  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body)
      throws IOException, InterruptedException {
    return client.get().send(request, body);
  }

  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> body) {
    return client.get().sendAsync(request, body);
  }

  /** Opens {@code GET path} as an event stream, resuming after {@code lastEventId} unless it is null. */
  public HttpResponse<InputStream> openStream(String path, Duration timeout, Long lastEventId)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = request(path).timeout(timeout).GET().header("Accept", "text/event-stream");
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId.toString());
    }
    return send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  /** Whether the answer replays an earlier one with the same Idempotency-Key. */
  public static boolean replayed(HttpResponse<?> response) {
    return response.headers().firstValue("Idempotent-Replayed").map("true"::equalsIgnoreCase).orElse(false);
  }

  /** The Retry-After seconds of an answer (429, 503), or 0 when it has none or not a number. */
  public static long retryAfterSeconds(HttpResponse<?> response) {
    return response.headers().firstValue("Retry-After").map(RelayHttp::seconds).orElse(0L);
  }

  private static long seconds(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Why no answer came, in words: the JDK reports a refused connection or a timeout without a message. */
  public static String describe(Throwable failure) {
    if (failure instanceof ConnectException) {
      return "connection refused";
    }
    if (failure instanceof HttpTimeoutException) {
      return "timed out";
    }
    String message = failure.getMessage();
    return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
  }
}
