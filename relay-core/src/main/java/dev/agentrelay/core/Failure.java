package dev.agentrelay.core;

/**
 * The kinds of failure the relay reports to callers. Transports map each kind to their own status
 * (HTTP uses the numbers below); the core itself knows no protocol.
 */
public enum Failure {
  BAD_REQUEST(400, "Bad request", "bad_request"),
  UNAUTHORIZED(401, "Unauthorized", "unauthorized"),
  FORBIDDEN(403, "Forbidden", "forbidden"),
  NOT_FOUND(404, "Not found", "not_found"),
  METHOD_NOT_ALLOWED(405, "Method not allowed", "method_not_allowed"),
  CONFLICT(409, "Conflict", "conflict"),
  PAYLOAD_TOO_LARGE(413, "Payload too large", "payload_too_large"),
  UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type", "unsupported_media_type"),
  INVALID(422, "Invalid request", "invalid"),
  RATE_LIMITED(429, "Too many requests", "rate_limited"),
  INTERNAL(500, "Internal error", "internal_error"),
  UNAVAILABLE(503, "Storage unavailable", "storage_unavailable");

  private final int status;
  private final String title;
  private final String defaultCode;

  Failure(int status, String title, String defaultCode) {
    this.status = status;
    this.title = title;
    this.defaultCode = defaultCode;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public String defaultCode() {
    return defaultCode;
  }
}
