package dev.agentrelay.mcp;

import dev.agentrelay.core.tools.InboxResource;
import dev.agentrelay.core.tools.ToolCaller;
import dev.agentrelay.core.tools.ToolResult;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * {@link InboxResource} as the SDK's resource for the bridge's one agent: read as {@code relay_inbox} reads, under
 * that tool's permissions, with the same text as {@code /mcp} serves.
 */
final class BridgeInboxResource {

  private BridgeInboxResource() {
  }

  static McpServerFeatures.AsyncResourceSpecification specification(ToolCaller caller) {
    McpSchema.Resource resource = McpSchema.Resource.builder(InboxResource.URI, InboxResource.NAME)
        .title(InboxResource.TITLE).description(InboxResource.DESCRIPTION).mimeType(InboxResource.MIME_TYPE).build();
    return new McpServerFeatures.AsyncResourceSpecification(resource, (exchange, request) -> Mono
        .fromCompletionStage(() -> InboxResource.read(caller).toCompletionStage())
        .flatMap(BridgeInboxResource::contents));
  }

  private static Mono<McpSchema.ReadResourceResult> contents(ToolResult result) {
    if (result.error()) {
      return Mono.error(McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR).message(result.text()).build());
    }
    return Mono.just(McpSchema.ReadResourceResult.builder(List.of(McpSchema.TextResourceContents
        .builder(InboxResource.URI, InboxResource.text(result)).mimeType(InboxResource.MIME_TYPE).build())).build());
  }
}
