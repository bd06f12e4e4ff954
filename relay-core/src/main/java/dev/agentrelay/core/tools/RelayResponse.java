package dev.agentrelay.core.tools;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The relay's answer to a {@link RelayRequest}.
 *
 * @param body the JSON body, or null when there was none or it was not JSON
 * @param replayed whether the relay answered {@code Idempotent-Replayed: true} (a retry that created nothing)
 * @param retryAfterSeconds the {@code Retry-After} header of a 429 or 503, else 0
 */
public record RelayResponse(int status, JsonNode body, boolean replayed, long retryAfterSeconds) {

  public boolean succeeded() {
    return status >= 200 && status < 300;
  }

  /** The problem's stable {@code code} (RFC 9457 extension), or null. */
  public String code() {
    return body == null || !body.hasNonNull("code") ? null : body.get("code").asText();
  }

  /** The problem's {@code detail}, or null. */
  public String detail() {
    return body == null || !body.hasNonNull("detail") ? null : body.get("detail").asText();
  }
}
