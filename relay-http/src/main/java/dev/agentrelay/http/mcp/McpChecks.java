package dev.agentrelay.http.mcp;

import io.modelcontextprotocol.spec.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
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
   * Clients name their version in {@code MCP-Protocol-Version} (after initialize, or on every request from
   * 2026-07-28 on). One this server does not speak is refused with 400 and the UnsupportedProtocolVersion error
   * of 2026-07-28, which lists the versions it does speak; none at all means 2025-03-26, as the spec says.
   */
  static boolean knownVersion(RoutingContext ctx) {
    String version = ctx.request().getHeader(HttpHeaders.PROTOCOL_VERSION);
    if (version == null || McpVersions.ALL.contains(version.trim())) {
      return true;
    }
    McpReplies.unsupportedVersion(ctx, version);
    return false;
  }

  /** MCP 2026-07-28 has only POST: a GET or DELETE naming it is answered 405. */
  static boolean notModern(RoutingContext ctx) {
    if (!McpVersions.modernHeader(ctx)) {
      return true;
    }
    ctx.response().putHeader("Allow", "POST");
    McpReplies.error(ctx, 405, McpReplies.INVALID_REQUEST, "MCP " + McpVersions.MODERN + " has no sessions and"
        + " no GET stream: POST each request, and subscriptions/listen for inbox updates");
    return false;
  }

  private static String accept(RoutingContext ctx) {
    String accept = ctx.request().getHeader("Accept");
    return accept == null ? "" : accept.toLowerCase(Locale.ROOT);
  }
}
