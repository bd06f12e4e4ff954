package dev.agentrelay.core.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.json.Json;
import java.util.List;

/**
 * What a tool call answers: a short sentence for the model, the relay's JSON, and whether it failed. A failure
 * is a result, never an exception: the model reads {@code text} and decides what to do next.
 *
 * @param text a readable summary, or on failure a sentence saying what went wrong and what to do
 * @param structured the relay's JSON (an object), or on failure the problem it answered
 */
public record ToolResult(String text, ObjectNode structured, boolean error) {

  public static ToolResult ok(String text, JsonNode body) {
    return new ToolResult(text, asObject(body), false);
  }

  public static ToolResult failed(String text, JsonNode problem) {
    return new ToolResult(text, asObject(problem), true);
  }

  /**
   * The text blocks of an MCP {@code CallToolResult}: the summary, and for a success the JSON serialised too,
   * as the MCP spec asks of tools that return structured content, because many clients show the model only
   * text blocks.
   */
  public List<String> contentTexts() {
    return error ? List.of(text) : List.of(text, Json.write(structured));
  }

  /** MCP's {@code structuredContent} must be an object; the relay's answers are, but be safe. */
  private static ObjectNode asObject(JsonNode body) {
    if (body instanceof ObjectNode object) {
      return object;
    }
    ObjectNode wrapper = Json.object();
    if (body != null) {
      wrapper.set("result", body);
    }
    return wrapper;
  }
}
