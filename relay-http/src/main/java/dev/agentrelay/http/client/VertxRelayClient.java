package dev.agentrelay.http.client;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;

/**
 * The relay's REST API on vertx-core's HTTP client, for callers that already run Vert.x: {@code /mcp}'s tools
 * calling their own relay over loopback, and the bench. (The command line and the MCP bridge use the JDK's
 * client in relay-client: starting Vert.x and Netty would double a short-lived process's start-up.)
 */
public final class VertxRelayClient {

  private final HttpClient http;
  private final String host;
  private final int port;
  private final boolean ssl;
  private final String prefix;

  /** {@code base} is the relay's root, such as {@code http://localhost:8400}; a path prefix is kept. */
  public VertxRelayClient(HttpClient http, URI base) {
    this.http = http;
    this.ssl = isHttps(base);
    this.host = base.getHost();
    this.port = base.getPort() > 0 ? base.getPort() : ssl ? 443 : 80;
    String path = base.getRawPath() == null ? "" : base.getRawPath();
    this.prefix = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  public static boolean isHttps(URI base) {
    return "https".equalsIgnoreCase(base.getScheme());
  }

  /** An answer: its status, headers and body. */
  public record Answer(int status, MultiMap headers, Buffer body) {

    /** Whether it replays an earlier answer to the same Idempotency-Key. */
    public boolean replayed() {
      return "true".equalsIgnoreCase(headers.get("Idempotent-Replayed"));
    }

    /** Its Retry-After seconds (429, 503), or 0 when it has none or not a number. */
    public long retryAfterSeconds() {
      String value = headers.get("Retry-After");
      try {
        return value == null ? 0 : Long.parseLong(value.trim());
      } catch (NumberFormatException e) {
        return 0;
      }
    }
  }

  /** The relay's address without any user info, for messages. */
  public String location() {
    return (ssl ? "https" : "http") + "://" + host + ":" + port + prefix;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public boolean ssl() {
    return ssl;
  }

  /** A request for {@code path} (below the base's prefix) with {@code key} as its Bearer token, unless null. */
  public RequestOptions request(HttpMethod method, String path, String key) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost(host).setPort(port).setSsl(ssl)
        .setURI(prefix + path);
    if (key != null) {
      options.putHeader("Authorization", "Bearer " + key);
    }
    return options;
  }

  /** Sends {@code request} with {@code body} (JSON) or none, and reads the whole answer. */
  public Future<Answer> send(RequestOptions request, Buffer body) {
    if (body != null) {
      request.putHeader("Content-Type", "application/json");
    }
    // the body is fetched in the same callback that receives the response: with a later stage in the chain,
    // under load Vert.x 5.0 sometimes never gave the connection back to the pool (the pool filled up and
    // further requests waited forever)
    return http.request(request).compose(outgoing -> (body == null ? outgoing.send() : outgoing.send(body))
        .compose(response -> response.body().map(bytes -> new Answer(response.statusCode(), response.headers(),
            bytes))));
  }
}
