package dev.agentrelay.mcp;

import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.tools.ToolCaller;
import dev.agentrelay.core.tools.ToolResult;
import dev.agentrelay.core.tools.ToolRunner;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The agent's inbox as the MCP resource {@code relay://inbox}: reading it answers what {@code relay_inbox} answers
 * (the summary as text/plain, the page as application/json), so it is read under the same permissions.
 */
final class InboxResource {

  static final String URI = "relay://inbox";
  private static final int MAX_PAGE = 200;

  private InboxResource() {
  }

  static McpServerFeatures.AsyncResourceSpecification specification(ToolCaller caller) {
    McpSchema.Resource resource = McpSchema.Resource.builder()
        .uri(URI)
        .name("inbox")
        .title("Inbox")
        .description("This agent's unacknowledged deliveries, oldest first, as relay_inbox returns them. Subscribe"
            + " to be told when new ones arrive.")
        .mimeType("text/plain")
        .build();
    return new McpServerFeatures.AsyncResourceSpecification(resource, (exchange, request) -> Mono
        .fromCompletionStage(() -> ToolRunner.call(caller, "relay_inbox", Json.object().put("limit", MAX_PAGE))
            .toCompletionStage())
        .flatMap(InboxResource::contents));
  }

  private static Mono<McpSchema.ReadResourceResult> contents(ToolResult result) {
    if (result.error()) {
      return Mono.error(McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR).message(result.text()).build());
    }
    return Mono.just(new McpSchema.ReadResourceResult(List.of(
        new McpSchema.TextResourceContents(URI, "text/plain", result.text()),
        new McpSchema.TextResourceContents(URI, "application/json", Json.write(result.structured())))));
  }
}
