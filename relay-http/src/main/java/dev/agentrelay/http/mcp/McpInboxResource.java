package dev.agentrelay.http.mcp;

import dev.agentrelay.core.model.Agent;
import dev.agentrelay.core.tools.InboxResource;
import dev.agentrelay.core.tools.RelayApi;
import dev.agentrelay.core.tools.ToolCaller;
import dev.agentrelay.core.tools.ToolResult;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.BiFunction;
import reactor.core.publisher.Mono;

/**
 * {@code relay://inbox} as MCP's resource types: the caller's unacknowledged items, read through the
 * {@code relay_inbox} tool with the caller's key, like every tool of {@code /mcp}.
 */
final class McpInboxResource {

  private McpInboxResource() {
  }

  static McpSchema.Resource resource() {
    return McpSchema.Resource.builder(InboxResource.URI, InboxResource.NAME).title(InboxResource.TITLE)
        .description(InboxResource.DESCRIPTION).mimeType(InboxResource.MIME_TYPE).build();
  }

  /** The resource for the SDK's server, read as the agent of each request. */
  static McpServerFeatures.AsyncResourceSpecification spec(BiFunction<String, String, RelayApi> apiFor) {
    return new McpServerFeatures.AsyncResourceSpecification(resource(), (exchange, request) ->
        Mono.fromCompletionStage(() -> read(McpTools.caller(exchange.transportContext(), apiFor), (Agent)
            exchange.transportContext().get(McpTransport.AGENT)).toCompletionStage()));
  }

  /** Whether {@code agent} may see and read the resource: if it may use {@code relay_inbox}. */
  static boolean readableBy(Agent agent) {
    return InboxResource.readableWith(agent.permissions());
  }

  /**
   * The resource's contents, or a failed future with an {@link McpError}: -32600 for an agent that may not read
   * it, -32603 when the relay could not be read.
   */
  static Future<McpSchema.ReadResourceResult> read(ToolCaller caller, Agent agent) {
    return text(caller, agent).map(text -> McpSchema.ReadResourceResult.builder(List.of(McpSchema.TextResourceContents
        .builder(InboxResource.URI, text).mimeType(InboxResource.MIME_TYPE).build())).build());
  }

  /** The resource's text, or a failed future as {@link #read} fails. */
  static Future<String> text(ToolCaller caller, Agent agent) {
    if (!readableBy(agent)) {
      return Future.failedFuture(McpError.builder(McpSchema.ErrorCodes.INVALID_REQUEST)
          .message(notReadable(agent)).build());
    }
    return InboxResource.read(caller).compose(McpInboxResource::text);
  }

  static String notReadable(Agent agent) {
    return "agent '" + agent.agentId() + "' may not read " + InboxResource.URI + ": its can_access_tools does not"
        + " include relay_inbox";
  }

  private static Future<String> text(ToolResult result) {
    if (result.error()) {
      return Future.failedFuture(McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR).message(result.text())
          .build());
    }
    return Future.succeededFuture(InboxResource.text(result));
  }
}
