package dev.agentrelay.http.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.json.Fields;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Part;
import dev.agentrelay.core.service.PartsInput;
import java.util.List;

/**
 * A2A parts into relay parts, through the relay's own part rules ({@link PartsInput}): a 1.0 part
 * ({@code text}, {@code raw}, {@code url} or {@code data}, with {@code filename} and {@code mediaType}) or a 0.3
 * part ({@code kind} with {@code text}, {@code data} or {@code file}).
 */
final class A2aParts {

  private A2aParts() {
  }

  static List<Part> read(JsonNode parts) {
    if (parts == null || !parts.isArray() || parts.isEmpty()) {
      throw A2aError.invalidParams("'message.parts' must be a non-empty array of parts");
    }
    ArrayNode relay = Json.MAPPER.createArrayNode();
    for (JsonNode part : parts) {
      if (!part.isObject()) {
        throw A2aError.invalidParams("each of 'message.parts' must be an object");
      }
      relay.add(part.has("kind") ? legacy((ObjectNode) part) : current((ObjectNode) part));
    }
    ObjectNode body = Json.object();
    body.set("parts", relay);
    return PartsInput.read(Fields.of(body), true);
  }

  private static ObjectNode current(ObjectNode part) {
    int payloads = (part.has("text") ? 1 : 0) + (part.has("raw") ? 1 : 0) + (part.has("url") ? 1 : 0)
        + (part.has("data") ? 1 : 0);
    if (payloads != 1) {
      throw A2aError.invalidParams("a part needs exactly one of 'text', 'raw', 'url' and 'data'");
    }
    ObjectNode relay = Json.object();
    if (part.has("text")) {
      relay.put("kind", Part.TEXT).set("text", part.get("text"));
    } else if (part.has("data")) {
      if (!part.get("data").isObject()) {
        throw A2aError.invalidParams("the relay keeps 'data' parts that hold a JSON object");
      }
      relay.put("kind", Part.DATA).set("data", part.get("data"));
    } else {
      ObjectNode file = Json.object();
      file.set(part.has("raw") ? "bytes" : "uri", part.has("raw") ? part.get("raw") : part.get("url"));
      copy(part, "filename", file, "name");
      copy(part, "mediaType", file, "mime_type");
      relay.put("kind", Part.FILE).set("file", file);
    }
    return relay;
  }

  private static ObjectNode legacy(ObjectNode part) {
    ObjectNode relay = part.deepCopy();
    JsonNode file = part.get("file");
    if (file != null && file.isObject()) {
      ObjectNode relayFile = Json.object();
      copy((ObjectNode) file, "name", relayFile, "name");
      copy((ObjectNode) file, "mimeType", relayFile, "mime_type");
      copy((ObjectNode) file, "uri", relayFile, "uri");
      copy((ObjectNode) file, "bytes", relayFile, "bytes");
      relay.set("file", relayFile);
    }
    relay.remove("metadata");
    return relay;
  }

  private static void copy(ObjectNode from, String field, ObjectNode to, String as) {
    if (from.hasNonNull(field)) {
      to.set(as, from.get(field));
    }
  }
}
