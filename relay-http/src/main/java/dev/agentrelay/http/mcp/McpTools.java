package dev.agentrelay.http.mcp;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Agent;
import dev.agentrelay.core.tools.RelayApi;
import dev.agentrelay.core.tools.RelayTools;
import dev.agentrelay.core.tools.ToolCaller;
import dev.agentrelay.core.tools.ToolResult;
import dev.agentrelay.core.tools.ToolRunner;
import dev.agentrelay.core.tools.ToolSpec;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import reactor.core.publisher.Mono;

/**
 * The core's tools as the SDK's tool specifications for {@code /mcp}. Each call acts as the agent whose key
 * came with the request, through {@code apiFor} that key and the request's pass.
 */
final class McpTools {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
  };

  private McpTools() {
  }

  static List<McpServerFeatures.AsyncToolSpecification> all(McpJsonMapper mapper,
      BiFunction<String, String, RelayApi> apiFor) {
    return RelayTools.all().stream().map(spec -> McpServerFeatures.AsyncToolSpecification.builder()
        .tool(mapper.convertValue(spec.mcpTool(), McpSchema.Tool.class))
        .callHandler((exchange, request) -> call(spec, exchange.transportContext(), request, apiFor))
        .build()).toList();
  }

  private static Mono<McpSchema.CallToolResult> call(ToolSpec spec, McpTransportContext context,
      McpSchema.CallToolRequest request, BiFunction<String, String, RelayApi> apiFor) {
    return Mono.fromCompletionStage(() -> ToolRunner.call(caller(context, apiFor), spec.name(),
        Json.MAPPER.valueToTree(request.arguments())).toCompletionStage()).map(McpTools::result);
  }

  /** The agent of the request {@code context} describes, acting through {@code apiFor} its key and pass. */
  static ToolCaller caller(McpTransportContext context, BiFunction<String, String, RelayApi> apiFor) {
    Agent agent = (Agent) context.get(McpTransport.AGENT);
    RelayApi api = apiFor.apply((String) context.get(McpTransport.API_KEY), (String) context.get(McpTransport.PASS));
    return new ToolCaller(agent.agentId(), () -> Future.succeededFuture(agent.permissions()), api);
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
