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
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The SDK's MCP server on stdio, serving the core's tools and the inbox resource as one agent, and with
 * {@code channel} declaring itself a Claude Code channel.
 */
final class BridgeServer {

  /** The server, and the transport through which the bridge sends notifications of its own. */
  record Started(McpAsyncServer server, McpServerTransportProvider transport) {
  }

  private BridgeServer() {
  }

  /** Starts serving at once: the SDK reads {@code in} on a thread of its own. */
  static Started start(String agentId, boolean channel, RelayApi api, BridgePermissions permissions, InputStream in,
      OutputStream out) {
    McpJsonMapper mapper = McpJsonDefaults.getMapper();
    ToolCaller caller = new ToolCaller(agentId, permissions::current, api);
    List<McpServerFeatures.AsyncToolSpecification> tools = RelayTools.all().stream()
        .map(spec -> specification(mapper, spec, caller)).toList();
    PermittedTools transport = new PermittedTools(new StdioServerTransportProvider(mapper, in, out),
        () -> Mono.fromCompletionStage(() -> permissions.current().toCompletionStage()));
    McpSchema.ServerCapabilities.Builder capabilities = McpSchema.ServerCapabilities.builder().tools(false)
        .resources(true, false);
    if (channel) {
      capabilities.experimental(Map.of(InboxPush.CHANNEL_CAPABILITY, Map.of()));
    }
    McpAsyncServer server = McpServer.async(transport)
        .serverInfo("agent-relay", RelayVersion.VERSION)
        .instructions(channel ? RelayTools.INSTRUCTIONS + " " + InboxPush.CHANNEL_INSTRUCTIONS
            : RelayTools.INSTRUCTIONS)
        .capabilities(capabilities.build())
        .jsonMapper(mapper)
        .jsonSchemaValidator(new LazySchemaValidator())
        // the core checks a tool's arguments and says what is wrong in the relay's words (API.md's errors)
        .validateToolInputs(false)
        .tools(tools)
        .resources(BridgeInboxResource.specification(caller))
        .build();
    return new Started(server, transport);
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
