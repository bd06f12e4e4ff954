package dev.agentrelay.core.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The {@code Idempotency-Key} of a send made through MCP when the model gave none: a hash of the request. A
 * tool call retried with the same arguments (a client timeout, a model that calls again to be sure) then
 * creates nothing new; the relay scopes keys per agent and keeps them 24 h. Sending the very same thing again
 * on purpose needs an explicit {@code idempotency_key}, which the replay's summary says.
 */
final class IdempotencyKeys {

  private static final String PREFIX = "mcp-";

  private IdempotencyKeys() {
  }

  static String derive(String method, String path, ObjectNode canonicalBody) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
      if (canonicalBody != null) {
        digest.update(Json.writeBytes(canonicalBody));
      }
      return PREFIX + HexFormat.of().formatHex(digest.digest(), 0, 20);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
