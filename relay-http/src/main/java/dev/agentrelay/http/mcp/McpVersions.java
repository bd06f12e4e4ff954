package dev.agentrelay.http.mcp;

import io.modelcontextprotocol.spec.HttpHeaders;
import io.modelcontextprotocol.spec.ProtocolVersions;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The MCP revisions {@code /mcp} speaks. The legacy ones (an initialize handshake, sessions) are served by the
 * SDK's server; 2026-07-28, stateless, by the SDK's modern server through {@link McpStateless}.
 */
final class McpVersions {

  static final String MODERN = "2026-07-28";
  /** Oldest first, as the SDK wants them: it answers an unknown initialize version with the last. */
  static final List<String> LEGACY = List.of(ProtocolVersions.MCP_2024_11_05, ProtocolVersions.MCP_2025_03_26,
      ProtocolVersions.MCP_2025_06_18, ProtocolVersions.MCP_2025_11_25);
  /** Newest first, as {@code server/discover} and version errors list them. */
  static final List<String> ALL = List.of(MODERN, ProtocolVersions.MCP_2025_11_25, ProtocolVersions.MCP_2025_06_18,
      ProtocolVersions.MCP_2025_03_26, ProtocolVersions.MCP_2024_11_05);

  private McpVersions() {
  }

  /** Whether the request names 2026-07-28 in its header: it is then served statelessly whatever its body says. */
  static boolean modernHeader(RoutingContext ctx) {
    String version = ctx.request().getHeader(HttpHeaders.PROTOCOL_VERSION);
    return version != null && MODERN.equals(version.trim());
  }
}
