package dev.agentrelay.mcp;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.tools.ToolResult;
import dev.agentrelay.core.tools.ToolSpec;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;

/** The core's tools in the SDK's types. */
final class SdkTools {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
  };

  private SdkTools() {
  }

  static McpSchema.Tool tool(McpJsonMapper mapper, ToolSpec spec) {
    return mapper.convertValue(spec.mcpTool(), McpSchema.Tool.class);
  }

  static McpSchema.CallToolResult result(ToolResult result) {
    McpSchema.CallToolResult.Builder builder = McpSchema.CallToolResult.builder()
        .textContent(result.contentTexts())
        .isError(result.error());
    if (!result.structured().isEmpty()) {
      builder.structuredContent(Json.MAPPER.convertValue(result.structured(), MAP));
    }
    return builder.build();
  }
}
