package dev.agentrelay.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * A seeded generator of requests to every route of the relay: a valid request of the route, then mutated in its
 * method, path, query, headers, key and body. The same seed and the same targets give the same requests.
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
  private static final List<String> METADATA = List.of(BASE + "/messages", BASE + "/broadcast", BASE + "/agents",
      BASE + "/tasks");
  private static final String WORD_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789-_";

  private final Random random;
  private final Targets targets;
  private final int port;
  private int counter;

  FuzzRequests(Random random, Targets targets, int port) {
    this.random = random;
    this.targets = targets;
    this.port = port;
  }

  Request next() {
    Route route = ROUTES.get(random.nextInt(ROUTES.size()));
    String method = chance(12) ? pick(METHODS) : route.method();
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
    Body body = null;
    String contentType = null;
    if (route.json() || chance(10)) {
      body = mutateBody(mcp ? mcpBody() : validBody(route.template()), METADATA.contains(route.template()));
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
      id = chance(4) ? unknownId("task_") : pick(targets.taskIds());
    } else if (template.equals(BASE + "/agents/:id") || template.endsWith("/keys") || method.equals("DELETE")) {
      // deleting and rekeying only ever aim at victims: the keys the fuzzer acts with must last
      id = chance(3) ? unknownId("") : pick(targets.victims());
    } else {
      id = chance(4) ? unknownId("") : pick(List.of(targets.tier2Id(), targets.tier3Id(), "admin"));
    }
    return template.replace(":id", id);
  }

  private String unknownId(String prefix) {
    return switch (random.nextInt(9)) {
      case 0 -> prefix + "nobody";
      case 1 -> "%2e%2e";
      case 2 -> "a%2Fb";
      case 3 -> "%00";
      case 4 -> chance(4) ? "%ZZ" : "%7E";
      case 5 -> "x".repeat(chance(4) ? 2000 + random.nextInt(6000) : 300);
      case 6 -> "%C3%A9t%C3%A9";
      case 7 -> chance(4) ? "%FF%FE" : "%E2%9C%93";
      default -> prefix + word(1 + random.nextInt(80));
    };
  }

  private String mutatePath(String path, String method) {
    if (!chance(5)) {
      return path;
    }
    return switch (random.nextInt(8)) {
      case 0 -> path + "/";
      case 1 -> path.replaceFirst("/", "//");
      case 2 -> path.replace("/v1/", "//v1//");
      case 3 -> path.replace("/v1/", "/v1/./");
      // only on reads: a dot segment can turn a path into that of another route, DELETE /agents/{id} among them
      case 4 -> method.equals("GET") ? path + "/.." : path + "/.";
      case 5 -> path.toUpperCase();
      case 6 -> path.replace("/", "%2F");
      default -> path + "/" + word(3);
    };
  }

  private String query(String template) {
    List<String> names = switch (template.substring(template.lastIndexOf('/') + 1)) {
      case "inbox" -> List.of("after", "limit", "from", "wait", "agent_id");
      case "stream" -> List.of("after", "agent_id");
      case "tasks" -> List.of("to", "from", "status", "since", "limit", "cursor");
      case "audit" -> List.of("agent", "task", "event", "since", "limit", "cursor");
      case "agents", "ack" -> List.of("agent_id");
      default -> List.of(word(4));
    };
    if (!chance(2)) {
      return "";
    }
    StringBuilder query = new StringBuilder();
    int count = 1 + random.nextInt(3);
    for (int i = 0; i < count; i++) {
      String name = pick(names);
      query.append(i == 0 ? '?' : '&').append(name).append('=').append(queryValue(name));
      if (chance(6)) {
        query.append('&').append(name).append('=').append(queryValue(name));
      }
    }
    return query.toString();
  }

  private String queryValue(String name) {
    return switch (random.nextInt(12)) {
      case 0 -> "-1";
      case 1 -> "abc";
      case 2 -> "";
      case 3 -> "99999999999999999999999";
      case 4 -> "201";
      case 5 -> "1e3";
      case 6 -> "%00";
      case 7 -> chance(4) ? "%ZZ" : "%20x";
      case 8 -> "2026-13-45T99:00:00Z";
      case 9 -> name.equals("wait") ? "61" : "0";
      // in range; a wait stays at one second so that no request holds the fuzzer for long
      case 10 -> name.equals("wait") ? "1" : String.valueOf(1 + random.nextInt(200));
      default -> name.equals("status") ? pick(List.of("submitted", "working", "nope")) : word(1 + random.nextInt(70));
    };
  }

  // ---------------------------------------------------------------------------------------------
  // headers

  /** The Authorization header (null for none) and whether it carries a valid key, a bad one, or one in an odd form. */
  private record Credential(String header, Key key) {
  }

  private Credential credential() {
    return switch (random.nextInt(16)) {
      case 0 -> new Credential(null, Key.BAD);
      case 1 -> new Credential("Bearer", Key.BAD);
      case 2 -> new Credential("Bearer " + word(43), Key.BAD);
      case 3 -> new Credential("Basic " + word(20), Key.BAD);
      case 4 -> new Credential("bearer " + targets.tier2Key(), Key.ODD);
      case 5 -> new Credential("Bearer  " + targets.tier3Key(), Key.ODD);
      case 6 -> new Credential(chance(3) ? "Bearer " + targets.adminKey() + "\u0001"
          : "Bearer " + "k".repeat(chance(3) ? 9000 : 500), Key.BAD);
      case 7 -> new Credential("Bearer " + targets.tier2Key() + ", Bearer " + targets.adminKey(), Key.ODD);
      case 8, 9, 10 -> new Credential("Bearer " + targets.tier2Key(), Key.VALID);
      case 11, 12 -> new Credential("Bearer " + targets.tier3Key(), Key.VALID);
      default -> new Credential("Bearer " + targets.adminKey(), Key.VALID);
    };
  }

  private void mcpHeaders(List<String[]> headers) {
    if (!chance(6)) {
      headers.add(new String[] {"Accept", chance(8) ? "text/html" : "application/json, text/event-stream"});
    }
    if (chance(3)) {
      headers.add(new String[] {"MCP-Protocol-Version",
          pick(List.of("2025-06-18", "2025-11-25", "2026-07-28", "1999-01-01", "garbage\u0002"))});
    }
    if (chance(3)) {
      headers.add(new String[] {"Mcp-Session-Id", pick(List.of(UUID.randomUUID().toString(), "", "\u007f\u0003",
          "s".repeat(5000)))});
    }
    if (chance(8)) {
      headers.add(new String[] {"Origin", pick(List.of("http://evil.example", "null", "http://127.0.0.1"))});
    }
  }

  private void oddHeaders(List<String[]> headers) {
    if (chance(4)) {
      headers.add(new String[] {"Idempotency-Key", switch (random.nextInt(8)) {
        case 0 -> "";
        case 1 -> "i".repeat(300);
        case 2 -> "with space";
        case 3 -> chance(3) ? "ctl\u0001byte" : "tab\tinside";
        case 4 -> "\u00e9t\u00e9";
        default -> "fuzz-" + counter++;
      }});
    }
    if (chance(30)) {
      headers.add(new String[] {"X-Fuzz", switch (random.nextInt(4)) {
        case 0 -> "a\u0000b";
        case 1 -> "v".repeat(10_000);
        case 2 -> "\u007f\u001b[31m";
        default -> "\u00ff\u00fe";
      }});
    }
    if (chance(20)) {
      headers.add(new String[] {"Last-Event-ID", pick(List.of("-5", "abc", "99999999999999999999", "7"))});
    }
  }

  private String contentType() {
    return switch (random.nextInt(14)) {
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

  // ---------------------------------------------------------------------------------------------
  // bodies

  private String validBody(String template) {
    JsonObject body = switch (template.substring(template.lastIndexOf('/') + 1)) {
      case "messages" -> chance(2)
          ? new JsonObject().put("to_agent", pick(List.of(targets.tier2Id(), targets.tier3Id())))
              .put("content", word(8))
          : new JsonObject().put("task_id", pick(targets.taskIds())).put("parts",
              new JsonArray().add(new JsonObject().put("kind", "text").put("text", word(5))));
      case "broadcast" -> new JsonObject().put("content", word(6)).put("metadata", new JsonObject().put("k", "v"));
      case "ack" -> chance(2) ? new JsonObject().put("delivery_ids", new JsonArray().add("del_" + word(8)))
          : new JsonObject().put("up_to_seq", random.nextInt(5));
      case "agents" -> new JsonObject().put("agent_id", "fz-" + word(6)).put("trust_tier", 1 + random.nextInt(3))
          .put("capabilities", new JsonArray().add("x"));
      case "heartbeat" -> new JsonObject().put("status", pick(List.of("online", "busy", "offline")));
      case "keys" -> new JsonObject();
      case "tasks" -> new JsonObject().put("to_agent", pick(List.of(targets.tier2Id(), targets.tier3Id())))
          .put("title", word(10)).put("priority", "high").put("metadata", new JsonObject().put("k", 1));
      case "artifacts" -> new JsonObject().put("name", word(5)).put("content", word(9)).put("mime_type", "text/plain");
      default -> template.contains("/tasks/")
          ? new JsonObject().put("status", pick(List.of("accepted", "working", "completed", "bogus")))
              .put("message", word(7))
          : new JsonObject().put("x", 1);
    };
    return body.encode();
  }

  private String mcpBody() {
    JsonObject rpc = new JsonObject().put("jsonrpc", "2.0").put("id", pick(List.of(1, 2)));
    return switch (random.nextInt(9)) {
      case 0 -> rpc.put("method", "initialize").put("params", new JsonObject().put("protocolVersion", "2025-06-18")
          .put("capabilities", new JsonObject())
          .put("clientInfo", new JsonObject().put("name", "fz").put("version", "1")))
          .encode();
      case 1 -> rpc.put("method", "initialize").putNull("params").encode();
      case 2 -> rpc.put("method", "ping").encode();
      case 3 -> rpc.put("method", "tools/list").encode();
      case 4 -> rpc.put("method", "tools/call").put("params", new JsonObject().put("name", "relay_send_task")
          .put("arguments", new JsonObject().put("to_agent", "nobody-" + word(4)).put("title", word(4)))).encode();
      case 5 -> new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/initialized").encode();
      case 6 -> new JsonArray().add(rpc.copy().put("method", "ping")).add(rpc.copy().put("method", "ping")).encode();
      case 7 -> rpc.put("jsonrpc", "1.0").put("method", "ping").encode();
      default -> rpc.put("id", new JsonObject().put("nested", true)).put("method", word(6)).encode();
    };
  }

  /** A body and, when it is one a write must refuse, what is wrong with it. */
  private record Body(byte[] bytes, String flaw) {
  }

  private Body mutateBody(String valid, boolean storesMetadata) {
    Body body = chance(3) ? new Body(utf8(valid), null) : switch (random.nextInt(11)) {
      case 0 -> new Body(utf8(valid.substring(0, random.nextInt(valid.length()))), "truncated JSON");
      case 1 -> swapType(valid);
      case 2 -> nestedBody(valid, storesMetadata);
      case 3 -> new Body(utf8("[".repeat(200 + random.nextInt(5000)) + "]".repeat(random.nextInt(50))), "deep array");
      case 4 -> chance(5) ? new Body(utf8(hugeString(valid, 1_100_000)), "a body over the limit")
          : new Body(utf8(hugeString(valid, 20_000 + random.nextInt(100_000))), null);
      case 5 -> new Body(utf8(valid + pick(List.of("garbage", "}}", "{}", " ,", "\u0000"))), "trailing garbage");
      case 6 -> new Body(new byte[0], null);
      case 7 -> chance(4) ? new Body(utf8(pick(List.of("\ufeff" + valid, "{\"a\":1,\"a\":2}"))), null)
          : new Body(utf8(pick(List.of("null", "[]", "42", "\"text\"", "true", "{"))), "not a JSON object");
      case 8 -> new Body(utf8(valid.replaceFirst(":", ":1e400,\"n\":")), valid.contains(":") ? "number 1e400" : null);
      case 9 -> new Body(utf8("--fuzz\r\nContent-Disposition: form-data; name=\"content\"\r\n\r\n" + word(5)
          + "\r\n--fuzz--\r\n"), "a multipart body");
      default -> new Body(utf8(valid.replaceFirst("}$", ",\"" + word(5) + "\":{\"z\":[1,2,{}]}}")), null);
    };
    return chance(8) ? new Body(invalidUtf8(body.bytes()), "invalid UTF-8") : body;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private Body swapType(String valid) {
    JsonObject object;
    try {
      object = new JsonObject(valid);
    } catch (RuntimeException notAnObject) {
      return new Body(utf8("[" + valid + "]"), "not a JSON object");
    }
    if (object.isEmpty()) {
      return new Body(utf8("{\"x\":[]}"), null);
    }
    String field = pick(new ArrayList<>(object.fieldNames()));
    Object before = object.getValue(field);
    Object swapped = pick(List.of(42, -1, 3.5, true, "s", new JsonArray().add(1), new JsonObject().put("a", "b"),
        Long.MAX_VALUE));
    if (chance(4)) {
      object.putNull(field);
      return new Body(utf8(object.encode()), null);
    }
    object.put(field, swapped);
    boolean sameType = before instanceof Number && swapped instanceof Number
        || before != null && before.getClass() == swapped.getClass();
    return new Body(utf8(object.encode()), sameType ? null : "'" + field + "' of the wrong JSON type");
  }

  /** Deep {@code metadata}: a flaw where the relay keeps it, an ignored unknown field elsewhere. */
  private Body nestedBody(String valid, boolean storesMetadata) {
    int depth = 50 + random.nextInt(3000);
    return new Body(utf8(nest(valid, depth)), storesMetadata && depth >= 300 ? "metadata " + depth + " deep" : null);
  }

  private static String nest(String valid, int depth) {
    String deep = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    return valid.startsWith("{") && valid.length() > 2 ? "{\"metadata\":" + deep + "," + valid.substring(1) : deep;
  }

  /** {@code valid} with its first string value (or a new field, when it has none) {@code size} characters long. */
  private static String hugeString(String valid, int size) {
    String huge = "h".repeat(size);
    if (!valid.startsWith("{")) {
      return huge;
    }
    String replaced = valid.replaceFirst(":\"[^\"]*\"", ":\"" + huge + "\"");
    if (!replaced.equals(valid)) {
      return replaced;
    }
    return "{\"pad\":\"" + huge + "\"" + (valid.equals("{}") ? "}" : "," + valid.substring(1));
  }


  private byte[] invalidUtf8(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
    int quote = indexOf(bytes, (byte) '"', at);
    int insertAt = quote >= 0 ? quote + 1 : at;
    out.write(bytes, 0, insertAt);
    out.writeBytes(pick(List.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc3, 0x28},
        new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[] {(byte) 0xe2, (byte) 0x82})));
    out.write(bytes, insertAt, bytes.length - insertAt);
    return out.toByteArray();
  }

  private static int indexOf(byte[] bytes, byte wanted, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return -1;
  }

  // ---------------------------------------------------------------------------------------------

  private String word(int length) {
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < length; i++) {
      word.append(WORD_CHARS.charAt(random.nextInt(WORD_CHARS.length())));
    }
    return word.toString();
  }

  private boolean chance(int oneIn) {
    return random.nextInt(oneIn) == 0;
  }

  private <T> T pick(List<T> options) {
    return options.get(random.nextInt(options.size()));
  }
}
