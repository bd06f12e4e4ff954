package dev.agentrelay.http;

import io.modelcontextprotocol.spec.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;

/**
 * The header checks of the Streamable HTTP transport. Each answers the request itself when it fails and
 * returns false.
 */
final class McpChecks {

  private static final String JSON = "application/json";
  private static final String EVENTS = "text/event-stream";

  private McpChecks() {
  }

  /** A POST must accept both a JSON answer and an event stream. */
  static boolean acceptsJsonAndEvents(RoutingContext ctx) {
    String accept = accept(ctx);
    if (accept.contains("*/*") || accept.contains(JSON) && accept.contains(EVENTS)) {
      return true;
    }
    McpReplies.error(ctx, 400, McpReplies.INVALID_REQUEST, "send 'Accept: application/json, text/event-stream'");
    return false;
  }

  /** A GET opens an event stream, so it must accept one. */
  static boolean acceptsEvents(RoutingContext ctx) {
    String accept = accept(ctx);
    if (accept.contains("*/*") || accept.contains(EVENTS)) {
      return true;
    }
    McpReplies.error(ctx, 400, McpReplies.INVALID_REQUEST, "send 'Accept: text/event-stream'");
    return false;
  }

  static boolean isJson(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type != null && type.toLowerCase(Locale.ROOT).startsWith(JSON)) {
      return true;
    }
    McpReplies.error(ctx, 415, McpReplies.INVALID_REQUEST, "send the message as Content-Type: application/json");
    return false;
  }

  /**
   * After initialize, clients name the negotiated version in {@code MCP-Protocol-Version}. One this server does
   * not speak is refused with 400; none at all means 2025-03-26, as the spec says, which it speaks.
   */
  static boolean knownVersion(RoutingContext ctx, List<String> versions) {
    String version = ctx.request().getHeader(HttpHeaders.PROTOCOL_VERSION);
    if (version == null || versions.contains(version.trim())) {
      return true;
    }
    McpReplies.error(ctx, 400, McpReplies.INVALID_REQUEST, "unsupported MCP-Protocol-Version '" + version
        + "'; this server speaks " + String.join(", ", versions));
    return false;
  }

  private static String accept(RoutingContext ctx) {
    String accept = ctx.request().getHeader("Accept");
    return accept == null ? "" : accept.toLowerCase(Locale.ROOT);
  }
}
