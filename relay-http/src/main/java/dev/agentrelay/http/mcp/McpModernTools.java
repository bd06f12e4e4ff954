package dev.agentrelay.http.mcp;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Agent;
import dev.agentrelay.core.tools.RelayApi;
import dev.agentrelay.core.tools.RelayTools;
import dev.agentrelay.core.tools.ToolResult;
import dev.agentrelay.core.tools.ToolRunner;
import dev.agentrelay.core.tools.ToolSpec;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.McpAsyncResponse;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.feature.McpAsyncTool;
import io.modelcontextprotocol.modern.server.feature.McpAsyncToolRepository;
import io.modelcontextprotocol.modern.server.feature.ToolsPage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import reactor.core.publisher.Mono;

/**
 * The core's tools for the SDK's 2026-07-28 server: {@code tools/list} shows the tools the caller's
 * {@code can_access_tools} allows; every tool can be called, and the core refuses one the caller may not use, or
 * one there is none of, with an {@code isError} result, as on the bridge and the older revisions. A call acts as the agent whose key came
 * with the request, through {@code apiFor} that key and the request's pass.
 */
final class McpModernTools implements McpAsyncToolRepository {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
  };

  private final Map<String, McpSchema.Tool> definitions = new LinkedHashMap<>();
  private final BiFunction<String, String, RelayApi> apiFor;

  McpModernTools(McpJsonMapper mapper, BiFunction<String, String, RelayApi> apiFor) {
    this.apiFor = apiFor;
    RelayTools.all().forEach(spec -> definitions.put(spec.name(), mapper.convertValue(spec.mcpTool(),
        McpSchema.Tool.class)));
  }

  @Override
  public Mono<ToolsPage> list(McpRequestContext ctx, String cursor) {
    Agent caller = (Agent) ctx.transportContext().get(McpTransport.AGENT);
    return Mono.just(ToolsPage.of(RelayTools.allowed(caller.permissions()).stream().map(ToolSpec::name)
        .map(definitions::get).toList()));
  }

  /**
   * Every name is found: one the relay has no tool of is answered by the core with an {@code isError} result that
   * names the tools/list to call, as the bridge and the older revisions answer it, not with the SDK's -32602.
   */
  @Override
  public Mono<McpAsyncTool> find(McpRequestContext ctx, String name) {
    McpSchema.Tool definition = definitions.getOrDefault(name, McpSchema.Tool.builder(name,
        Map.of("type", "object")).build());
    return Mono.just(McpAsyncTool.of(definition, (call, request) -> Mono
        .fromCompletionStage(() -> ToolRunner.call(McpTools.caller(call.transportContext(), apiFor), name,
            Json.MAPPER.valueToTree(request.arguments() == null ? Map.of() : request.arguments()))
            .toCompletionStage())
        .map(result -> McpAsyncResponse.result(result(result)))));
  }

  private static McpSchema.CallToolOutcome result(ToolResult result) {
    McpSchema.CallToolResult.Builder builder = McpSchema.CallToolResult.builder().isError(result.error());
    result.contentTexts().forEach(text -> builder.addContent(McpSchema.TextContent.builder(text).build()));
    if (!result.structured().isEmpty()) {
      builder.structuredContent(Json.MAPPER.convertValue(result.structured(), MAP));
    }
    return builder.build();
  }
}
