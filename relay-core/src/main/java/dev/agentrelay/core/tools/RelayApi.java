package dev.agentrelay.core.tools;

import io.vertx.core.Future;

/**
 * The relay's REST API as the MCP tools see it: one call, one answer. The bridge sends it over the network to
 * {@code RELAY_URL}; the relay's own {@code /mcp} endpoint sends it over loopback with the caller's key.
 */
public interface RelayApi {

  /**
   * Sends {@code request}. The future succeeds with whatever status the relay answered, and fails only when no
   * answer came (connection refused, timeout).
   */
  Future<RelayResponse> send(RelayRequest request);

  /** Where the relay is, for sentences such as "the relay at http://host:8400 is unreachable". */
  String location();
}
