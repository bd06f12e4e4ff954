package dev.agentrelay.http.mcp;

import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.ServerHttpHeaderValidator;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Refuses {@code /mcp} requests from web pages of other origins (the transport spec's defence against DNS
 * rebinding), with the SDK's own validator. Clients that are not browsers send no {@code Origin} and pass; so
 * does a page of the relay's own origin when that is a loopback name, which a rebound domain can never be.
 * Any other origin must be listed in {@code RELAY_MCP_ALLOWED_ORIGINS}.
 */
final class McpOriginCheck implements Handler<RoutingContext> {

  private final ServerHttpHeaderValidator validator;

  McpOriginCheck(List<String> allowedOrigins) {
    this.validator = DefaultServerTransportSecurityValidator.builder().allowedOrigins(allowedOrigins).build();
  }

  @Override
  public void handle(RoutingContext ctx) {
    String origin = ctx.request().getHeader("Origin");
    if (origin != null && sameLoopbackOrigin(origin, ctx.request().getHeader("Host"))) {
      ctx.next();
      return;
    }
    try {
      validator.validate(new McpHeaderAccessor(ctx.request())); // no allowed hosts: only Origin is checked
    } catch (ServerTransportSecurityException e) {
      McpReplies.error(ctx, e.getStatusCode(), McpReplies.INVALID_REQUEST, "origin '" + origin + "' may not use"
          + " this relay's MCP endpoint (see RELAY_MCP_ALLOWED_ORIGINS)");
      return;
    }
    ctx.next();
  }

  private static boolean sameLoopbackOrigin(String origin, String host) {
    if (host == null) {
      return false;
    }
    String name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1) : host.split(":", 2)[0];
    boolean loopback = name.equals("localhost") || name.equals("127.0.0.1") || name.equals("[::1]");
    return loopback && (origin.equals("http://" + host) || origin.equals("https://" + host));
  }
}
