package dev.agentrelay.core.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.json.Fields;
import dev.agentrelay.core.json.Json;
import java.util.List;
import java.util.Optional;

/**
 * One MCP tool as data: its name and description, its arguments, the REST call it makes and how its answer
 * reads. Transports turn it into their own tool type with {@link #mcpTool()}.
 *
 * @param path the REST path; {@code {name}} is filled from the PATH argument of that name, {@code {self}} with the
 *     calling agent's id
 */
public record ToolSpec(String name, String title, String description, String method, String path, Kind kind,
    List<Param> params, Summary summary) {

  /** What a call does to the relay, for the MCP hints and for idempotency. */
  public enum Kind {
    /** Reads only. */
    READ(true, true),
    /** Creates something; sent with an {@code Idempotency-Key}, so a retry creates nothing new. */
    CREATE(false, true),
    /** Sets state; repeating it changes nothing more. */
    SET(false, true),
    /** Moves state on; repeating it may be refused. */
    MOVE(false, false);

    final boolean readOnly;
    final boolean idempotent;

    Kind(boolean readOnly, boolean idempotent) {
      this.readOnly = readOnly;
      this.idempotent = idempotent;
    }
  }

  /** Turns a successful answer into the sentence the model reads first. */
  @FunctionalInterface
  public interface Summary {
    String of(JsonNode body, Fields arguments);
  }

  public ToolSpec {
    params = List.copyOf(params);
  }

  public Optional<Param> param(String paramName) {
    return params.stream().filter(p -> p.name().equals(paramName)).findFirst();
  }

  /** The JSON Schema of the arguments: an object of the params, the required ones marked, nothing else. */
  public ObjectNode inputSchema() {
    ObjectNode schema = Json.object().put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    ArrayNode required = Json.MAPPER.createArrayNode();
    for (Param param : params) {
      properties.set(param.name(), param.schema());
      if (param.required()) {
        required.add(param.name());
      }
    }
    if (!required.isEmpty()) {
      schema.set("required", required);
    }
    schema.put("additionalProperties", false);
    return schema;
  }

  /** This tool in the shape of MCP's {@code Tool}: name, title, description, inputSchema and annotations. */
  public ObjectNode mcpTool() {
    ObjectNode tool = Json.object().put("name", name).put("title", title).put("description", description);
    tool.set("inputSchema", inputSchema());
    tool.putObject("annotations")
        .put("title", title)
        .put("readOnlyHint", kind.readOnly)
        .put("destructiveHint", false)
        .put("idempotentHint", kind.idempotent)
        .put("openWorldHint", false);
    return tool;
  }
}
