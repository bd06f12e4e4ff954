package dev.agentrelay.http.mcp;

import io.modelcontextprotocol.server.transport.HeaderAccessor;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;

/** A Vert.x request's headers as the SDK's validators and decoders read them. */
final class McpHeaderAccessor implements HeaderAccessor {

  private final HttpServerRequest request;

  McpHeaderAccessor(HttpServerRequest request) {
    this.request = request;
  }

  @Override
  public List<String> getHeader(String name) {
    return request.headers().getAll(name);
  }

  @Override
  public List<String> getHeaderNames() {
    return List.copyOf(request.headers().names());
  }
}
