package dev.agentrelay.core.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.json.Json;

/** The JSON Schema of an A2A part as API.md defines it, for the tools that take {@code parts}. */
final class PartSchema {

  static final ObjectNode PART = part();

  private PartSchema() {
  }

  private static ObjectNode part() {
    ObjectNode part = Json.object().put("type", "object")
        .put("description", "A text part {\"kind\":\"text\",\"text\":\"...\"}, a data part {\"kind\":\"data\","
            + "\"data\":{...}} or a file part {\"kind\":\"file\",\"file\":{\"name\",\"mime_type\",\"uri\" or "
            + "\"bytes\"}}.");
    ObjectNode properties = part.putObject("properties");
    properties.putObject("kind").put("type", "string").putArray("enum").add("text").add("data").add("file");
    properties.putObject("text").put("type", "string").put("description", "The text of a text part.");
    properties.putObject("data").put("type", "object").put("description", "The JSON object of a data part.");
    ObjectNode file = properties.putObject("file").put("type", "object")
        .put("description", "A file part's file: give exactly one of uri and bytes.");
    ObjectNode fileProperties = file.putObject("properties");
    fileProperties.putObject("name").put("type", "string");
    fileProperties.putObject("mime_type").put("type", "string");
    fileProperties.putObject("uri").put("type", "string").put("description", "Where the file can be fetched.");
    fileProperties.putObject("bytes").put("type", "string").put("description", "The file's content, base64.");
    part.putArray("required").add("kind");
    return part;
  }
}
