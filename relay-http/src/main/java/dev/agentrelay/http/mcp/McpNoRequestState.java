package dev.agentrelay.http.mcp;

import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.RequestStateCodec;

/**
 * The relay's tools and inbox never answer "input required", so no request state is ever sealed, and any a client
 * sends back is not the relay's: it is refused as invalid. Without this the SDK builds a signing codec with a
 * random key of its own and warns, at every start, that several relays could not share it.
 */
final class McpNoRequestState implements RequestStateCodec {

  @Override
  public String seal(McpRequestContext ctx, String state) {
    throw new IllegalStateException("the relay asks no MCP client for input, so it seals no request state");
  }

  @Override
  public String open(McpRequestContext ctx, String sealed) {
    return null;
  }
}
