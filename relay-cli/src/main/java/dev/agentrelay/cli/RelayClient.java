package dev.agentrelay.cli;

import dev.agentrelay.client.RelayHttp;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The relay's REST API for one command: blocking calls with java.net.http (a command makes one or two
 * calls, so no event loop is worth starting). A 4xx/5xx answer becomes a {@link RelayProblem}; no answer
 * at all a {@link CliFailure}.
 */
final class RelayClient {

  static final String API = "/api/v1";
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final RelayHttp http;
  private final String base;

  RelayClient(String base, String key) {
    HttpClient client = RelayHttp.client(base, CONNECT_TIMEOUT);
    this.http = new RelayHttp(() -> client, () -> base + API, key);
    this.base = base;
  }

  /** An answer: its status, the Idempotent-Replayed header, and its JSON body (null when it had none). */
  record Reply(int status, boolean replayed, JsonObject json) {
  }

  Reply get(String path) {
    return send("GET", path, null, Map.of(), TIMEOUT);
  }

  Reply post(String path, JsonObject body) {
    return send("POST", path, body, Map.of(), TIMEOUT);
  }

  Reply put(String path, JsonObject body) {
    return send("PUT", path, body, Map.of(), TIMEOUT);
  }

  Reply delete(String path) {
    return send("DELETE", path, null, Map.of(), TIMEOUT);
  }

  /** {@code path} is below /api/v1 and may carry a query. */
  Reply send(String method, String path, JsonObject body, Map<String, String> headers, Duration timeout) {
    HttpRequest.Builder request = http.request(path).timeout(timeout)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.encode(), StandardCharsets.UTF_8));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    headers.forEach(request::header);
    HttpResponse<String> response = exchange(request.build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
    JsonObject json = parse(response.statusCode(), response.body());
    if (response.statusCode() >= 400) {
      throw new RelayProblem(response.statusCode(), json == null ? new JsonObject() : json);
    }
    return new Reply(response.statusCode(), RelayHttp.replayed(response), json);
  }

  /**
   * Opens {@code GET path} as an event stream, resuming after {@code lastEventId} when it is not null.
   * The caller reads (and closes) the body; an error answer is read here and thrown as a problem.
   */
  InputStream stream(String path, Long lastEventId) {
    HttpResponse<InputStream> response = exchange(() -> http.openStream(path, TIMEOUT, lastEventId));
    if (response.statusCode() != 200) {
      throw new RelayProblem(response.statusCode(), readProblem(response));
    }
    return response.body();
  }

  private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    return exchange(() -> http.send(request, handler));
  }

  /** One call to the relay. */
  private interface Exchange<T> {
    HttpResponse<T> send() throws IOException, InterruptedException;
  }

  private <T> HttpResponse<T> exchange(Exchange<T> exchange) {
    try {
      return exchange.send();
    } catch (IOException e) {
      throw new CliFailure("cannot reach the relay at " + base + " (" + describe(e) + "); is it running?"
          + " Set --url or RELAY_URL", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure("interrupted", e);
    }
  }

  private static JsonObject readProblem(HttpResponse<InputStream> response) {
    try (InputStream body = response.body()) {
      return parse(response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new JsonObject();
    }
  }

  private static JsonObject parse(int status, String body) {
    if (body == null || body.isBlank()) {
      return status >= 400 ? new JsonObject() : null;
    }
    try {
      return new JsonObject(body);
    } catch (DecodeException e) {
      if (status >= 400) {
        return new JsonObject().put("detail", body.strip()); // not the relay, or a proxy in between
      }
      throw new CliFailure("the relay answered " + status + " with something that is not JSON", e);
    }
  }

  static String describe(Throwable e) {
    return RelayHttp.describe(e);
  }

  /** One path segment, percent-encoded. */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A query string ({@code ?a=1&b=2}, or empty) from the entries whose value is not null, in order. */
  static String query(Map<String, ?> params) {
    StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
    params.forEach((name, value) -> {
      if (value != null) {
        query.add(name + "=" + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
      }
    });
    return query.toString();
  }

  /** Sets {@code field} only when {@code value} is given: unset options are left to the relay's defaults. */
  static JsonObject putIfSet(JsonObject object, String field, Object value) {
    return value == null ? object : object.put(field, value);
  }

  /** Query parameters in insertion order, nulls allowed (they are left out). */
  static Map<String, Object> params() {
    return new LinkedHashMap<>();
  }
}
