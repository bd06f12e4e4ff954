package dev.agentrelay.http;

import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityException;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityValidator;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/**
 * Refuses {@code /mcp} requests from web pages of other origins (the transport spec's defence against DNS
 * rebinding), with the SDK's own validator. Clients that are not browsers send no {@code Origin} and pass;
 * a browser's must be listed in {@code RELAY_MCP_ALLOWED_ORIGINS}.
 */
final class McpOriginCheck implements Handler<RoutingContext> {

  private final ServerTransportSecurityValidator validator;

  McpOriginCheck(List<String> allowedOrigins) {
    this.validator = DefaultServerTransportSecurityValidator.builder().allowedOrigins(allowedOrigins).build();
  }

  @Override
  public void handle(RoutingContext ctx) {
    String origin = ctx.request().getHeader("Origin");
    try {
      validator.validateHeaders(origin == null ? Map.of() : Map.of("Origin", List.of(origin)));
    } catch (ServerTransportSecurityException e) {
      McpReplies.error(ctx, e.getStatusCode(), McpReplies.INVALID_REQUEST, "origin '" + origin + "' may not use"
          + " this relay's MCP endpoint (see RELAY_MCP_ALLOWED_ORIGINS)");
      return;
    }
    ctx.next();
  }
}
