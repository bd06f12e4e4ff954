package dev.agentrelay.http;

import dev.agentrelay.http.api.ApiRouter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The fuzzer's request bodies: a valid body of each route, mutated (cut, retyped, nested, grown, made invalid UTF-8,
 * given trailing garbage, replaced by something not JSON), each with the flaw a write must refuse it for, if any.
 */
final class FuzzBodies {

  /** A body and, when it is one a write must refuse, what is wrong with it. */
  record Body(byte[] bytes, String flaw) {
  }

  private static final String BASE = ApiRouter.BASE;
  private static final List<String> METADATA = List.of(BASE + "/messages", BASE + "/broadcast", BASE + "/agents",
      BASE + "/tasks");

  private final FuzzDice dice;
  private final FuzzRequests.Targets targets;

  FuzzBodies(FuzzDice dice, FuzzRequests.Targets targets) {
    this.dice = dice;
    this.targets = targets;
  }


  /** A body for the REST route {@code template}: valid, or mutated. */
  Body rest(String template) {
    return mutateBody(validBody(template), METADATA.contains(template));
  }

  /** A JSON-RPC body for {@code /mcp}: valid, or mutated. */
  Body mcp() {
    return mutateBody(mcpBody(), false);
  }

  private String validBody(String template) {
    JsonObject body = switch (template.substring(template.lastIndexOf('/') + 1)) {
      case "messages" -> dice.chance(2)
          ? new JsonObject().put("to_agent", dice.pick(List.of(targets.tier2Id(), targets.tier3Id())))
              .put("content", dice.word(8))
          : new JsonObject().put("task_id", dice.pick(targets.taskIds())).put("parts",
              new JsonArray().add(new JsonObject().put("kind", "text").put("text", dice.word(5))));
      case "broadcast" -> new JsonObject().put("content", dice.word(6)).put("metadata", new JsonObject().put("k", "v"));
      case "ack" -> dice.chance(2) ? new JsonObject().put("delivery_ids", new JsonArray().add("del_" + dice.word(8)))
          : new JsonObject().put("up_to_seq", dice.nextInt(5));
      case "agents" -> new JsonObject().put("agent_id", "fz-" + dice.word(6)).put("trust_tier", 1 + dice.nextInt(3))
          .put("capabilities", new JsonArray().add("x"));
      case "heartbeat" -> new JsonObject().put("status", dice.pick(List.of("online", "busy", "offline")));
      case "keys" -> new JsonObject();
      case "tasks" -> new JsonObject().put("to_agent", dice.pick(List.of(targets.tier2Id(), targets.tier3Id())))
          .put("title", dice.word(10)).put("priority", "high").put("metadata", new JsonObject().put("k", 1));
      case "artifacts" -> new JsonObject().put("name", dice.word(5)).put("content", dice.word(9))
          .put("mime_type", "text/plain");
      default -> template.contains("/tasks/")
          ? new JsonObject().put("status", dice.pick(List.of("accepted", "working", "completed", "bogus")))
              .put("message", dice.word(7))
          : new JsonObject().put("x", 1);
    };
    return body.encode();
  }

  private String mcpBody() {
    JsonObject rpc = new JsonObject().put("jsonrpc", "2.0").put("id", dice.pick(List.of(1, 2)));
    return switch (dice.nextInt(9)) {
      case 0 -> rpc.put("method", "initialize").put("params", new JsonObject().put("protocolVersion", "2025-06-18")
          .put("capabilities", new JsonObject())
          .put("clientInfo", new JsonObject().put("name", "fz").put("version", "1")))
          .encode();
      case 1 -> rpc.put("method", "initialize").putNull("params").encode();
      case 2 -> rpc.put("method", "ping").encode();
      case 3 -> rpc.put("method", "tools/list").encode();
      // an unknown recipient: a call that reaches the tool (stateless MCP needs no session) still creates nothing
      case 4 -> rpc.put("method", "tools/call").put("params", new JsonObject().put("name", "relay_send_task")
          .put("arguments", new JsonObject().put("to_agent", "nobody-" + dice.word(4)).put("title", dice.word(4))))
          .encode();
      case 5 -> new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/initialized").encode();
      case 6 -> new JsonArray().add(rpc.copy().put("method", "ping")).add(rpc.copy().put("method", "ping")).encode();
      case 7 -> rpc.put("jsonrpc", "1.0").put("method", "ping").encode();
      default -> rpc.put("id", new JsonObject().put("nested", true)).put("method", dice.word(6)).encode();
    };
  }


  private Body mutateBody(String valid, boolean storesMetadata) {
    Body body = dice.chance(3) ? new Body(utf8(valid), null) : switch (dice.nextInt(11)) {
      // cut short, but not to nothing: an empty body is an absent one, which a route without a body accepts
      case 0 -> valid.length() < 2 ? new Body(utf8(valid), null)
          : new Body(utf8(valid.substring(0, 1 + dice.nextInt(valid.length() - 1))), "truncated JSON");
      case 1 -> swapType(valid);
      case 2 -> nestedBody(valid, storesMetadata);
      case 3 -> new Body(utf8("[".repeat(200 + dice.nextInt(5000)) + "]".repeat(dice.nextInt(50))), "deep array");
      case 4 -> dice.chance(5) ? new Body(utf8(hugeString(valid, 1_100_000)), "a body over the limit")
          : new Body(utf8(hugeString(valid, 20_000 + dice.nextInt(100_000))), null);
      case 5 -> new Body(utf8(valid + dice.pick(List.of("garbage", "}}", "{}", " ,", "\u0000"))), "trailing garbage");
      case 6 -> new Body(new byte[0], null);
      case 7 -> dice.chance(4) ? new Body(utf8(dice.pick(List.of("\ufeff" + valid, "{\"a\":1,\"a\":2}"))), null)
          : new Body(utf8(dice.pick(List.of("null", "[]", "42", "\"text\"", "true", "{"))), "not a JSON object");
      case 8 -> new Body(utf8(valid.replaceFirst(":", ":1e400,\"n\":")), valid.contains(":") ? "number 1e400" : null);
      case 9 -> new Body(utf8("--fuzz\r\nContent-Disposition: form-data; name=\"content\"\r\n\r\n" + dice.word(5)
          + "\r\n--fuzz--\r\n"), "a multipart body");
      default -> new Body(utf8(valid.replaceFirst("}$", ",\"" + dice.word(5) + "\":{\"z\":[1,2,{}]}}")), null);
    };
    return dice.chance(8) ? new Body(invalidUtf8(body.bytes()), "invalid UTF-8") : body;
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
    String field = dice.pick(new ArrayList<>(object.fieldNames()));
    Object before = object.getValue(field);
    Object swapped = dice.pick(List.of(42, -1, 3.5, true, "s", new JsonArray().add(1), new JsonObject().put("a", "b"),
        Long.MAX_VALUE));
    if (dice.chance(4)) {
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
    int depth = 50 + dice.nextInt(3000);
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
    int at = bytes.length == 0 ? 0 : dice.nextInt(bytes.length);
    int quote = indexOf(bytes, (byte) '"', at);
    int insertAt = quote >= 0 ? quote + 1 : at;
    out.write(bytes, 0, insertAt);
    out.writeBytes(dice.pick(List.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc3, 0x28},
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
}
