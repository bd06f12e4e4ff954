package dev.agentrelay.http;

import dev.agentrelay.http.api.ApiRouter;
import dev.agentrelay.http.mcp.McpHttp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * A seeded generator of requests to every route of the relay: a valid request of the route, then mutated in its
 * method, path, query, headers and key, with a body from {@link FuzzBodies}. The same seed gives the same requests.
 */
final class FuzzRequests {

  /** Who the fuzzer may act as, and what exists: agents the fuzzer may delete or rekey are victims only. */
  record Targets(String adminKey, String tier2Id, String tier2Key, String tier3Id, String tier3Key,
      List<String> taskIds, List<String> victims) {
  }

  /** What the request's Authorization header holds. */
  enum Key { VALID, BAD, ODD }

  /** One request: the route template it aims at, for grouping failures, and what makes up its bytes. */
  record Request(String route, String method, String target, List<String[]> headers, byte[] body, Key key,
      String flaw) {

    /** Health, the OpenAPI document and (from loopback, by default) the metrics are open to all. */
    boolean needsKey() {
      return !route.endsWith("/health") && !route.endsWith("/openapi.json") && !route.equals("/metrics");
    }

    boolean has(String header) {
      return headers.stream().anyMatch(h -> h[0].equalsIgnoreCase(header));
    }

    boolean mcp() {
      return route.contains("/mcp");
    }

    /** The request as text a reader can replay: control and non-ASCII bytes escaped, long parts cut. */
    String describe() {
      StringBuilder text = new StringBuilder(method).append(' ').append(cut(target, 300));
      headers.forEach(h -> text.append(" | ").append(h[0]).append(": ").append(cut(h[1], 120)));
      if (body != null) {
        text.append(" | body (").append(body.length).append(" bytes): ")
            .append(cut(escape(body), 400));
      }
      return text.toString();
    }

    private static String cut(String text, int max) {
      String escaped = escape(text.getBytes(StandardCharsets.ISO_8859_1));
      return escaped.length() <= max ? escaped : escaped.substring(0, max) + "…(" + escaped.length() + " chars)";
    }

    private static String escape(byte[] bytes) {
      StringBuilder text = new StringBuilder();
      for (byte b : bytes) {
        int c = b & 0xff;
        text.append(c >= 32 && c < 127 ? String.valueOf((char) c) : String.format("\\x%02x", c));
      }
      return text.toString();
    }
  }

  private record Route(String method, String template, boolean json) {
  }

  private static final String BASE = ApiRouter.BASE;
  private static final List<Route> ROUTES = List.of(
      new Route("GET", BASE + "/health", false),
      new Route("GET", BASE + "/openapi.json", false),
      new Route("GET", "/metrics", false),
      new Route("POST", BASE + "/messages", true),
      new Route("POST", BASE + "/broadcast", true),
      new Route("GET", BASE + "/inbox", false),
      new Route("GET", BASE + "/inbox/stream", false),
      new Route("POST", BASE + "/inbox/ack", true),
      new Route("POST", BASE + "/agents", true),
      new Route("GET", BASE + "/agents", false),
      new Route("GET", BASE + "/agents/:id", false),
      new Route("DELETE", BASE + "/agents/:id", false),
      new Route("POST", BASE + "/agents/:id/heartbeat", true),
      new Route("POST", BASE + "/agents/:id/keys", true),
      new Route("POST", BASE + "/tasks", true),
      new Route("GET", BASE + "/tasks", false),
      new Route("GET", BASE + "/tasks/:id", false),
      new Route("PUT", BASE + "/tasks/:id", true),
      new Route("POST", BASE + "/tasks/:id/artifacts", true),
      new Route("GET", BASE + "/stats", false),
      new Route("GET", BASE + "/audit", false),
      new Route("POST", McpHttp.PATH, true),
      new Route("GET", McpHttp.PATH, false),
      new Route("DELETE", McpHttp.PATH, false));
  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS",
      "TRACE", "FOO");
  private static final List<String> NOT_JSON = List.of("text/plain", "multipart/form-data; boundary=fuzz",
      "application/x-www-form-urlencoded", "garbage");

  private final FuzzDice dice;
  private final Targets targets;
  private final FuzzBodies bodies;
  private final int port;
  private int counter;

  FuzzRequests(Random random, Targets targets, int port) {
    this.dice = new FuzzDice(random);
    this.targets = targets;
    this.bodies = new FuzzBodies(dice, targets);
    this.port = port;
  }

  Request next() {
    Route route = ROUTES.get(dice.nextInt(ROUTES.size()));
    String method = dice.chance(12) ? dice.pick(METHODS) : route.method();
    String path = mutatePath(fillIds(route.template(), method), method);
    String target = path + query(route.template());
    List<String[]> headers = new ArrayList<>();
    Credential credential = credential();
    if (credential.header() != null) {
      headers.add(new String[] {"Authorization", credential.header()});
    }
    boolean mcp = route.template().equals(McpHttp.PATH);
    if (mcp) {
      mcpHeaders(headers);
    }
    FuzzBodies.Body body = null;
    String contentType = null;
    if (route.json() || dice.chance(10)) {
      body = mcp ? bodies.mcp() : bodies.rest(route.template());
      contentType = contentType();
      headers.add(new String[] {"Content-Type", contentType});
    }
    oddHeaders(headers);
    // only a write that reads a JSON body must refuse a flawed one; /mcp answers JSON-RPC errors its own way
    String flaw = null;
    if (body != null && route.json() && !mcp && method.equals(route.method())) {
      flaw = NOT_JSON.contains(contentType) && body.bytes().length > 0 ? "Content-Type " + contentType : body.flaw();
    }
    return new Request(route.template(), method, target, headers, body == null ? null : body.bytes(),
        credential.key(), flaw);
  }

  byte[] bytes(Request request) {
    return RawHttp.request(request.method(), request.target(), port, request.headers(), request.body());
  }

  // ---------------------------------------------------------------------------------------------
  // paths and query parameters

  private String fillIds(String template, String method) {
    String id;
    if (template.contains("/tasks/:id")) {
      id = dice.chance(4) ? unknownId("task_") : dice.pick(targets.taskIds());
    } else if (template.equals(BASE + "/agents/:id") || template.endsWith("/keys") || method.equals("DELETE")) {
      // deleting and rekeying only ever aim at victims: the keys the fuzzer acts with must last
      id = dice.chance(3) ? unknownId("") : dice.pick(targets.victims());
    } else {
      id = dice.chance(4) ? unknownId("") : dice.pick(List.of(targets.tier2Id(), targets.tier3Id(), "admin"));
    }
    return template.replace(":id", id);
  }

  private String unknownId(String prefix) {
    return switch (dice.nextInt(9)) {
      case 0 -> prefix + "nobody";
      case 1 -> "%2e%2e";
      case 2 -> "a%2Fb";
      case 3 -> "%00";
      case 4 -> dice.chance(4) ? "%ZZ" : "%7E";
      case 5 -> "x".repeat(dice.chance(4) ? 2000 + dice.nextInt(6000) : 300);
      case 6 -> "%C3%A9t%C3%A9";
      case 7 -> dice.chance(4) ? "%FF%FE" : "%E2%9C%93";
      default -> prefix + dice.word(1 + dice.nextInt(80));
    };
  }

  private String mutatePath(String path, String method) {
    if (!dice.chance(5)) {
      return path;
    }
    return switch (dice.nextInt(8)) {
      case 0 -> path + "/";
      case 1 -> path.replaceFirst("/", "//");
      case 2 -> path.replace("/v1/", "//v1//");
      case 3 -> path.replace("/v1/", "/v1/./");
      // only on reads: a dot segment can turn a path into that of another route, DELETE /agents/{id} among them
      case 4 -> method.equals("GET") ? path + "/.." : path + "/.";
      case 5 -> path.toUpperCase();
      case 6 -> path.replace("/", "%2F");
      default -> path + "/" + dice.word(3);
    };
  }

  private String query(String template) {
    List<String> names = switch (template.substring(template.lastIndexOf('/') + 1)) {
      case "inbox" -> List.of("after", "limit", "from", "wait", "agent_id");
      case "stream" -> List.of("after", "agent_id");
      case "tasks" -> List.of("to", "from", "status", "since", "limit", "cursor");
      case "audit" -> List.of("agent", "task", "event", "since", "limit", "cursor");
      case "agents", "ack" -> List.of("agent_id");
      default -> List.of(dice.word(4));
    };
    if (!dice.chance(2)) {
      return "";
    }
    StringBuilder query = new StringBuilder();
    int count = 1 + dice.nextInt(3);
    for (int i = 0; i < count; i++) {
      String name = dice.pick(names);
      query.append(i == 0 ? '?' : '&').append(name).append('=').append(queryValue(name));
      if (dice.chance(6)) {
        query.append('&').append(name).append('=').append(queryValue(name));
      }
    }
    return query.toString();
  }

  private String queryValue(String name) {
    return switch (dice.nextInt(12)) {
      case 0 -> "-1";
      case 1 -> "abc";
      case 2 -> "";
      case 3 -> "99999999999999999999999";
      case 4 -> "201";
      case 5 -> "1e3";
      case 6 -> "%00";
      case 7 -> dice.chance(4) ? "%ZZ" : "%20x";
      case 8 -> "2026-13-45T99:00:00Z";
      case 9 -> name.equals("wait") ? "61" : "0";
      // in range; a wait stays at one second so that no request holds the fuzzer for long
      case 10 -> name.equals("wait") ? "1" : String.valueOf(1 + dice.nextInt(200));
      default -> name.equals("status") ? dice.pick(List.of("submitted", "working", "nope"))
          : dice.word(1 + dice.nextInt(70));
    };
  }

  // ---------------------------------------------------------------------------------------------
  // headers

  /** The Authorization header (null for none) and whether it carries a valid key, a bad one, or one in an odd form. */
  private record Credential(String header, Key key) {
  }

  private Credential credential() {
    return switch (dice.nextInt(16)) {
      case 0 -> new Credential(null, Key.BAD);
      case 1 -> new Credential("Bearer", Key.BAD);
      case 2 -> new Credential("Bearer " + dice.word(43), Key.BAD);
      case 3 -> new Credential("Basic " + dice.word(20), Key.BAD);
      case 4 -> new Credential("bearer " + targets.tier2Key(), Key.ODD);
      case 5 -> new Credential("Bearer  " + targets.tier3Key(), Key.ODD);
      case 6 -> new Credential(dice.chance(3) ? "Bearer " + targets.adminKey() + "\u0001"
          : "Bearer " + "k".repeat(dice.chance(3) ? 9000 : 500), Key.BAD);
      case 7 -> new Credential("Bearer " + targets.tier2Key() + ", Bearer " + targets.adminKey(), Key.ODD);
      case 8, 9, 10 -> new Credential("Bearer " + targets.tier2Key(), Key.VALID);
      case 11, 12 -> new Credential("Bearer " + targets.tier3Key(), Key.VALID);
      default -> new Credential("Bearer " + targets.adminKey(), Key.VALID);
    };
  }

  private void mcpHeaders(List<String[]> headers) {
    if (!dice.chance(6)) {
      headers.add(new String[] {"Accept", dice.chance(8) ? "text/html" : "application/json, text/event-stream"});
    }
    if (dice.chance(3)) {
      headers.add(new String[] {"MCP-Protocol-Version",
          dice.pick(List.of("2025-06-18", "2025-11-25", "2026-07-28", "1999-01-01", "garbage\u0002"))});
    }
    if (dice.chance(3)) {
      headers.add(new String[] {"Mcp-Session-Id", dice.pick(List.of(UUID.randomUUID().toString(), "", "\u007f\u0003",
          "s".repeat(5000)))});
    }
    if (dice.chance(8)) {
      headers.add(new String[] {"Origin", dice.pick(List.of("http://evil.example", "null", "http://127.0.0.1"))});
    }
  }

  private void oddHeaders(List<String[]> headers) {
    if (dice.chance(4)) {
      headers.add(new String[] {"Idempotency-Key", switch (dice.nextInt(8)) {
        case 0 -> "";
        case 1 -> "i".repeat(300);
        case 2 -> "with space";
        case 3 -> dice.chance(3) ? "ctl\u0001byte" : "tab\tinside";
        case 4 -> "\u00e9t\u00e9";
        default -> "fuzz-" + counter++;
      }});
    }
    if (dice.chance(30)) {
      headers.add(new String[] {"X-Fuzz", switch (dice.nextInt(4)) {
        case 0 -> "a\u0000b";
        case 1 -> "v".repeat(10_000);
        case 2 -> "\u007f\u001b[31m";
        default -> "\u00ff\u00fe";
      }});
    }
    if (dice.chance(20)) {
      headers.add(new String[] {"Last-Event-ID", dice.pick(List.of("-5", "abc", "99999999999999999999", "7"))});
    }
  }

  private String contentType() {
    return switch (dice.nextInt(14)) {
      case 0 -> "text/plain";
      case 1 -> "multipart/form-data; boundary=fuzz";
      case 2 -> "application/x-www-form-urlencoded";
      case 3 -> "application/json; charset=latin1";
      case 4 -> "application/problem+json";
      case 5 -> "garbage";
      case 6 -> "application/json\u0001";
      default -> "application/json";
    };
  }
}
