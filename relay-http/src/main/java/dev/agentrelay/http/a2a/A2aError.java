package dev.agentrelay.http.a2a;

import dev.agentrelay.core.Failure;
import dev.agentrelay.core.RelayException;

/**
 * An error as A2A names it (specification section 5.4): its JSON-RPC code, HTTP status, gRPC status word and the
 * {@code ErrorInfo} reason. Relay failures without an A2A counterpart (403, 409, 422, 429, 503) keep their HTTP
 * status and relay code and use the implementation-defined JSON-RPC code -32000.
 */
final class A2aError extends RuntimeException {

  static final int RELAY_ERROR_CODE = -32000;

  private final int rpcCode;
  private final int httpStatus;
  private final String grpcStatus;
  private final String reason;

  private A2aError(int rpcCode, int httpStatus, String grpcStatus, String reason, String message) {
    super(message, null, false, false);
    this.rpcCode = rpcCode;
    this.httpStatus = httpStatus;
    this.grpcStatus = grpcStatus;
    this.reason = reason;
  }

  static A2aError taskNotFound(String taskId) {
    return new A2aError(-32001, 404, "NOT_FOUND", "TASK_NOT_FOUND",
        "task '" + taskId + "' does not exist or is not accessible to the caller");
  }

  static A2aError configNotFound(String taskId, String configId) {
    return new A2aError(-32001, 404, "NOT_FOUND", "TASK_NOT_FOUND",
        "task '" + taskId + "' has no push notification config '" + configId + "' the caller may see");
  }

  static A2aError taskNotCancelable(String taskId, String state) {
    return new A2aError(-32002, 400, "FAILED_PRECONDITION", "TASK_NOT_CANCELABLE",
        "task '" + taskId + "' is " + state + " and can no longer be canceled");
  }

  static A2aError pushNotSupported() {
    return new A2aError(-32003, 400, "FAILED_PRECONDITION", "PUSH_NOTIFICATION_NOT_SUPPORTED",
        "push notifications are not supported by this agent");
  }

  static A2aError unsupportedOperation(String message) {
    return new A2aError(-32004, 400, "FAILED_PRECONDITION", "UNSUPPORTED_OPERATION", message);
  }

  static A2aError versionNotSupported(String version) {
    return new A2aError(-32009, 400, "FAILED_PRECONDITION", "VERSION_NOT_SUPPORTED", "A2A-Version '" + version
        + "' is not supported; this relay speaks " + A2aVersion.CURRENT + " (and " + A2aVersion.LEGACY
        + " method names over JSON-RPC)");
  }

  static A2aError parseError() {
    return new A2aError(-32700, 400, "INVALID_ARGUMENT", "PARSE_ERROR", "Invalid JSON payload");
  }

  static A2aError invalidRequest(String message) {
    return new A2aError(-32600, 400, "INVALID_ARGUMENT", "INVALID_REQUEST", message);
  }

  static A2aError methodNotFound(String method) {
    return new A2aError(-32601, 404, "NOT_FOUND", "METHOD_NOT_FOUND", "Method not found: '" + method + "'");
  }

  static A2aError invalidParams(String message) {
    return new A2aError(-32602, 400, "INVALID_ARGUMENT", "INVALID_PARAMS", message);
  }

  /** A failure from the store or a command, in A2A terms. */
  static A2aError from(Throwable failure) {
    if (failure instanceof A2aError known) {
      return known;
    }
    if (!(failure instanceof RelayException relay)) {
      return new A2aError(-32603, 500, "INTERNAL", "INTERNAL", "Internal error");
    }
    Failure kind = relay.failure();
    String code = relay.code() == null ? kind.defaultCode() : relay.code();
    if (code.equals("task_not_found")) {
      return new A2aError(-32001, 404, "NOT_FOUND", "TASK_NOT_FOUND", relay.getMessage());
    }
    if (kind == Failure.BAD_REQUEST || kind == Failure.INVALID) {
      return new A2aError(-32602, kind.status(), "INVALID_ARGUMENT", code.toUpperCase(java.util.Locale.ROOT),
          relay.getMessage());
    }
    return new A2aError(kind == Failure.INTERNAL ? -32603 : RELAY_ERROR_CODE, kind.status(), grpc(kind),
        code.toUpperCase(java.util.Locale.ROOT), relay.getMessage());
  }

  private static String grpc(Failure kind) {
    return switch (kind) {
      case UNAUTHORIZED -> "UNAUTHENTICATED";
      case FORBIDDEN -> "PERMISSION_DENIED";
      case NOT_FOUND -> "NOT_FOUND";
      case CONFLICT -> "FAILED_PRECONDITION";
      case RATE_LIMITED -> "RESOURCE_EXHAUSTED";
      case UNAVAILABLE -> "UNAVAILABLE";
      case INTERNAL -> "INTERNAL";
      default -> "INVALID_ARGUMENT";
    };
  }

  int rpcCode() {
    return rpcCode;
  }

  int httpStatus() {
    return httpStatus;
  }

  String grpcStatus() {
    return grpcStatus;
  }

  String reason() {
    return reason;
  }
}
