package dev.agentrelay.core.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/**
 * One REST call: {@code method} on {@code path} (absolute, with its query string), an optional JSON body, and
 * for the calls that create something an {@code Idempotency-Key}.
 *
 * @param timeout how long to wait for the answer; long polls ask for more than their wait
 */
public record RelayRequest(String method, String path, ObjectNode body, String idempotencyKey, Duration timeout) {

  /** Long enough for any call but a long poll, which adds its own wait. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  public RelayRequest {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("the path must be absolute: " + path);
    }
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
  }

  public static RelayRequest get(String path) {
    return new RelayRequest("GET", path, null, null, null);
  }

  public static RelayRequest post(String path, ObjectNode body) {
    return new RelayRequest("POST", path, body, null, null);
  }
}
