package dev.agentrelay.core.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.json.Fields;
import dev.agentrelay.core.model.FileContent;
import dev.agentrelay.core.model.Part;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Reads {@code parts} (A2A parts) or the shorthand {@code content} (one text part) from a request body. */
public final class PartsInput {

  static final int MAX_PARTS = 100;
  private static final int MAX_NAME = 1000;
  private static final int MAX_URI = 8192;
  private static final int UNBOUNDED = Integer.MAX_VALUE;

  private PartsInput() {
  }

  /** The parts of the body; empty when neither field is given and {@code required} is false. */
  public static List<Part> read(Fields body, boolean required) {
    boolean hasContent = body.has("content");
    boolean hasParts = body.has("parts");
    if (hasContent && hasParts) {
      throw RelayException.invalid("give 'content' or 'parts', not both");
    }
    if (hasContent) {
      return List.of(Part.text(body.requiredText("content", UNBOUNDED)));
    }
    if (hasParts) {
      return readParts(body.raw("parts"));
    }
    if (required) {
      throw RelayException.invalid("'content' or 'parts' is required");
    }
    return List.of();
  }

  private static List<Part> readParts(JsonNode array) {
    if (!array.isArray()) {
      throw RelayException.badRequest("'parts' must be an array of parts");
    }
    if (array.isEmpty() || array.size() > MAX_PARTS) {
      throw RelayException.invalid("'parts' must hold 1 to " + MAX_PARTS + " parts");
    }
    List<Part> parts = new ArrayList<>(array.size());
    for (JsonNode element : array) {
      parts.add(readPart(Fields.of(element)));
    }
    return parts;
  }

  private static Part readPart(Fields part) {
    String kind = part.requiredText("kind", 16);
    switch (kind) {
      case Part.TEXT:
        return Part.text(part.requiredText("text", UNBOUNDED));
      case Part.DATA:
        if (!part.has("data")) {
          throw RelayException.invalid("a data part needs 'data'");
        }
        ObjectNode data = part.optionalObject("data");
        return new Part(Part.DATA, null, data, null);
      case Part.FILE:
        return new Part(Part.FILE, null, null, readFile(part.optionalFields("file")));
      default:
        throw RelayException.invalid("a part's 'kind' must be one of: text, data, file (got '" + kind + "')");
    }
  }

  private static FileContent readFile(Fields file) {
    if (file == null) {
      throw RelayException.invalid("a file part needs 'file'");
    }
    String uri = file.optionalText("uri", MAX_URI);
    String bytes = file.optionalText("bytes", UNBOUNDED);
    if ((uri == null) == (bytes == null)) {
      throw RelayException.invalid("a file part needs exactly one of 'uri' and 'bytes'");
    }
    if (bytes != null) {
      checkBase64(bytes);
    }
    return new FileContent(file.optionalText("name", MAX_NAME), file.optionalText("mime_type", 255), uri, bytes);
  }

  private static void checkBase64(String bytes) {
    try {
      Base64.getDecoder().decode(bytes);
    } catch (IllegalArgumentException e) {
      throw RelayException.invalid("a file part's 'bytes' must be base64");
    }
  }
}
