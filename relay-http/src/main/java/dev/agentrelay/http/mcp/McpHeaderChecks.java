package dev.agentrelay.http.mcp;

import io.modelcontextprotocol.modern.server.transport.McpHeaderDecoder;
import io.modelcontextprotocol.spec.HttpHeaders;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * The request headers of MCP 2026-07-28 that mirror the body ({@code MCP-Protocol-Version}, {@code Mcp-Method},
 * {@code Mcp-Name}): each must be there and match, so that a proxy routing on a header and the relay acting on
 * the body never see two different requests. A mismatch answers 400 with the HeaderMismatch error, -32020.
 */
final class McpHeaderChecks {

  static final String METHOD = "Mcp-Method";
  static final String NAME = "Mcp-Name";

  /** Whether the headers match {@code request} (whose {@code _meta} names 2026-07-28); else answers 400. */
  boolean match(RoutingContext ctx, McpSchema.JSONRPCRequest request) {
    String version = ctx.request().getHeader(HttpHeaders.PROTOCOL_VERSION);
    if (!McpVersions.MODERN.equals(version == null ? null : version.trim())) {
      return mismatch(ctx, "send 'MCP-Protocol-Version: " + McpVersions.MODERN + "', the version params._meta"
          + " names");
    }
    if (!request.method().equals(ctx.request().getHeader(METHOD))) {
      return mismatch(ctx, "send 'Mcp-Method: " + request.method() + "', the request's method");
    }
    String named = namedInBody(request);
    if (named == null) {
      return true;
    }
    String header = ctx.request().getHeader(NAME);
    if (header == null) {
      return mismatch(ctx, "send the Mcp-Name header with the " + (request.method().equals(
          McpSchema.METHOD_RESOURCES_READ) ? "resource's uri" : "tool's name") + " of the body");
    }
    String decoded = McpHeaderDecoder.decodeValue(header);
    if (!named.equals(decoded)) {
      return mismatch(ctx, "the Mcp-Name header does not match the body's " + (decoded == null
          ? "(its base64 cannot be read)" : "value"));
    }
    return true;
  }

  /** Whether a present {@code MCP-Protocol-Version} names {@code version}, the body's; else answers 400. */
  boolean versionMatches(RoutingContext ctx, String version) {
    String header = ctx.request().getHeader(HttpHeaders.PROTOCOL_VERSION);
    return header == null || header.trim().equals(version) || mismatch(ctx, "the MCP-Protocol-Version header names '"
        + header + "' but params._meta names '" + version + "'");
  }

  /** What {@code Mcp-Name} must carry: the name of a tool or prompt, or the URI of a resource; else null. */
  private static String namedInBody(McpSchema.JSONRPCRequest request) {
    Map<?, ?> params = request.params() instanceof Map<?, ?> map ? map : Map.of();
    return switch (request.method()) {
      case McpSchema.METHOD_TOOLS_CALL, McpSchema.METHOD_PROMPT_GET -> params.get("name") instanceof String name
          ? name : "";
      case McpSchema.METHOD_RESOURCES_READ -> params.get("uri") instanceof String uri ? uri : "";
      default -> null;
    };
  }

  private static boolean mismatch(RoutingContext ctx, String sentence) {
    McpReplies.error(ctx, 400, McpReplies.HEADER_MISMATCH, "Header mismatch: " + sentence);
    return false;
  }
}
