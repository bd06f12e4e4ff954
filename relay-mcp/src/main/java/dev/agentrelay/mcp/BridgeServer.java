package dev.agentrelay.mcp;

import dev.agentrelay.core.RelayVersion;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.tools.RelayApi;
import dev.agentrelay.core.tools.RelayTools;
import dev.agentrelay.core.tools.ToolCaller;
import dev.agentrelay.core.tools.ToolRunner;
import dev.agentrelay.core.tools.ToolSpec;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import reactor.core.publisher.Mono;

/** The SDK's MCP server on stdio, serving the core's tools as one agent. */
final class BridgeServer {

  private BridgeServer() {
  }

  /** Starts serving at once: the SDK reads {@code in} on a thread of its own. */
  static McpAsyncServer start(String agentId, RelayApi api, BridgePermissions permissions, InputStream in,
      OutputStream out) {
    McpJsonMapper mapper = McpJsonDefaults.getMapper();
    ToolCaller caller = new ToolCaller(agentId, permissions::current, api);
    List<McpServerFeatures.AsyncToolSpecification> tools = RelayTools.all().stream()
        .map(spec -> specification(mapper, spec, caller)).toList();
    PermittedTools transport = new PermittedTools(new StdioServerTransportProvider(mapper, in, out),
        () -> Mono.fromCompletionStage(() -> permissions.current().toCompletionStage()));
    return McpServer.async(transport)
        .serverInfo("agent-relay", RelayVersion.VERSION)
        .instructions(RelayTools.INSTRUCTIONS)
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
        .jsonMapper(mapper)
        .jsonSchemaValidator(new LazySchemaValidator())
        .tools(tools)
        .build();
  }

  private static McpServerFeatures.AsyncToolSpecification specification(McpJsonMapper mapper, ToolSpec spec,
      ToolCaller caller) {
    return McpServerFeatures.AsyncToolSpecification.builder()
        .tool(SdkTools.tool(mapper, spec))
        .callHandler((exchange, request) -> Mono.fromCompletionStage(() -> ToolRunner
                .call(caller, spec.name(), Json.MAPPER.valueToTree(request.arguments())).toCompletionStage())
            .map(SdkTools::result))
        .build();
  }
}
