package dev.agentrelay.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Judges each fuzz answer against the error contract, and groups what is wrong by kind, status and route, keeping
 * the first request of each group so that it can be replayed.
 */
final class FuzzFindings {

  private static final List<String> LEAKS = List.of("com.", "java.", "jackson", "exception", "$");

  private static final int SAMPLES = 3;

  /** One kind of wrong answer with one status: how often, on which routes, the first requests that got it. */
  private record Group(List<String> samples, int[] count, Set<String> routes) {
  }

  private final long seed;
  private final Map<String, Group> groups = new TreeMap<>();

  FuzzFindings(long seed) {
    this.seed = seed;
  }

  void judge(int index, FuzzRequests.Request request, RawHttp.Reply reply) {
    for (String kind : wrongs(request, reply)) {
      Group group = groups.computeIfAbsent(kind + " | status " + reply.status(),
          any -> new Group(new ArrayList<>(), new int[1], new TreeSet<>()));
      group.count()[0]++;
      if (group.routes().add(request.method() + " " + request.route()) && group.samples().size() < SAMPLES) {
        group.samples().add(sample(index, request, reply));
      }
    }
  }

  boolean isEmpty() {
    return groups.isEmpty();
  }

  String report() {
    StringBuilder text = new StringBuilder(groups.size() + " kinds of wrong answer (fuzz seed " + seed
        + ", replay with -Dfuzz.seed=" + seed + "):");
    groups.forEach((key, group) -> text.append("\n- ").append(key).append(" (").append(group.count()[0])
        .append("x) on ").append(group.routes()).append("\n    ").append(String.join("\n    ", group.samples())));
    return text.toString();
  }

  private static List<String> wrongs(FuzzRequests.Request request, RawHttp.Reply reply) {
    List<String> wrongs = new ArrayList<>();
    if (reply.status() == 0) {
      if (reply.requestSent()) {
        wrongs.add("no answer");
      }
      return wrongs;
    }
    if (reply.status() >= 500) {
      wrongs.add("server error");
    }
    if (reply.status() < 300 && request.flaw() != null) {
      wrongs.add("accepted " + request.flaw());
    }
    // an Origin refused on /mcp is refused before the key is looked at, on purpose (DNS rebinding)
    if (request.key() == FuzzRequests.Key.BAD && request.needsKey() && !request.has("Origin")
        && (reply.status() < 300 || isJsonRpcError(reply.text()))) {
      wrongs.add("served without a valid key");
    }
    if (reply.status() >= 400 && !request.method().equals("HEAD")) {
      wrongs.addAll(errorDocumentWrongs(request, reply));
    }
    if (!reply.streaming() && !servesOwnText(request, reply)) {
      String body = reply.text().toLowerCase(Locale.ROOT);
      LEAKS.stream().filter(body::contains).forEach(leak -> wrongs.add("body shows '" + leak + "'"));
    }
    return wrongs;
  }

  /** The OpenAPI document has {@code $ref}s and the Prometheus page names JVM metrics: neither is a leak. */
  private static boolean servesOwnText(FuzzRequests.Request request, RawHttp.Reply reply) {
    return reply.status() < 300 && (request.route().endsWith("/openapi.json") || request.route().endsWith("/metrics"));
  }

  private static List<String> errorDocumentWrongs(FuzzRequests.Request request, RawHttp.Reply reply) {
    if (reply.body().length == 0) {
      return List.of("error without a body");
    }
    JsonObject document;
    try {
      document = new JsonObject(reply.text());
    } catch (DecodeException | ClassCastException e) {
      return List.of("error body is not a JSON object");
    }
    if (request.mcp() && isJsonRpcError(reply.text())) {
      return List.of();
    }
    String type = reply.header("Content-Type");
    List<String> wrongs = new ArrayList<>();
    if (type == null || !type.startsWith("application/problem+json")) {
      wrongs.add("error content type " + type);
    }
    boolean complete = document.getValue("type") instanceof String && document.getValue("title") instanceof String
        && document.getValue("detail") instanceof String && document.getValue("status") instanceof Number status
        && status.intValue() == reply.status();
    if (!complete) {
      wrongs.add("problem without type, title, status or detail");
    }
    return wrongs;
  }

  /** An answer from the MCP server itself, which only a request that passed authentication should reach. */
  private static boolean isJsonRpcError(String body) {
    try {
      return new JsonObject(body).getValue("error") instanceof JsonObject error
          && error.getValue("code") instanceof Number && error.getValue("message") instanceof String;
    } catch (DecodeException | ClassCastException e) {
      return false;
    }
  }

  private static String sample(int index, FuzzRequests.Request request, RawHttp.Reply reply) {
    String body = reply.failure() != null ? reply.failure() : reply.text();
    return "#" + index + " " + request.describe() + "\n    -> " + reply.status() + " "
        + reply.header("Content-Type") + " " + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
  }
}
