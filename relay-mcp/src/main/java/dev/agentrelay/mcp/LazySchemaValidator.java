package dev.agentrelay.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import java.util.Map;

/**
 * The SDK's JSON Schema validator, built on first use. Only tools with an output schema need it (the relay's
 * have none), and building it loads a schema library that adds a tenth of the bridge's start-up.
 */
final class LazySchemaValidator implements JsonSchemaValidator {

  private volatile JsonSchemaValidator validator;

  @Override
  public ValidationResponse validate(Map<String, Object> schema, Object structuredContent) {
    JsonSchemaValidator current = validator;
    if (current == null) {
      current = McpJsonDefaults.getSchemaValidator();
      validator = current;
    }
    return current.validate(schema, structuredContent);
  }
}
