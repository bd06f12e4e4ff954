package dev.agentrelay.http.mcp;

import dev.agentrelay.core.RelayVersion;
import dev.agentrelay.core.tools.RelayApi;
import dev.agentrelay.core.tools.RelayTools;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.McpServer;
import io.modelcontextprotocol.modern.server.feature.ResourcesFeature;
import io.modelcontextprotocol.modern.server.feature.ToolsFeature;
import java.util.function.BiFunction;

/**
 * The MCP Java SDK's server of the stateless revision 2026-07-28 (package {@code io.modelcontextprotocol.modern},
 * which may change in minor releases until SDK 3.0), with the relay's tools and inbox. It checks each request's
 * {@code _meta} and answers {@code server/discover}, the lists (with {@code ttlMs} and {@code cacheScope}), tool
 * calls, resource reads and {@code subscriptions/listen}; {@link McpStateless} carries its requests and answers
 * over HTTP.
 */
final class McpModernServer {

  /** The lists depend on the caller's permissions: private to it, fresh for a minute. */
  private static final long LIST_TTL_MILLIS = 60_000;
  /**
   * The core checks a tool's arguments and says what is wrong in the relay's words (API.md's errors); the SDK's
   * ToolsFeature has no switch for its own check, so it gets a validator that leaves it to the core.
   */
  private static final JsonSchemaValidator CORE_CHECKS_ARGUMENTS = (schema, arguments) ->
      JsonSchemaValidator.ValidationResponse.asValid(null);

  private McpModernServer() {
  }

  static McpServer create(McpJsonMapper mapper, BiFunction<String, String, RelayApi> apiFor) {
    return McpServer.builder()
        .serverInfo(McpSchema.Implementation.builder("agent-relay", RelayVersion.VERSION).build())
        .instructions(RelayTools.INSTRUCTIONS)
        // server/discover lists every version /mcp speaks; McpStateless lets only 2026-07-28 through to here
        .supportedVersions(McpVersions.ALL)
        .jsonMapper(mapper)
        // what the relay is, the same for everyone, not what a caller may do
        .discoverCache(LIST_TTL_MILLIS, McpSchema.CacheScope.PUBLIC)
        .feature(ToolsFeature.ofAsync(new McpModernTools(mapper, apiFor), mapper, CORE_CHECKS_ARGUMENTS,
            LIST_TTL_MILLIS, McpSchema.CacheScope.PRIVATE))
        .feature(ResourcesFeature.ofAsync(new McpModernInbox(apiFor), mapper, LIST_TTL_MILLIS,
            McpSchema.CacheScope.PRIVATE))
        .subscriptions(McpListenFeed.PUBLISHER)
        .restrictSubscriptions(McpListenFeed::restrict)
        .requestStateCodec(new McpNoRequestState())
        .build();
  }
}
