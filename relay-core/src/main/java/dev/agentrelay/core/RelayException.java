package dev.agentrelay.core;

/**
 * A failure the caller caused or must know about, with a stable machine word ({@link #code()}) and a
 * sentence a person or a model can act on ({@link #getMessage()}).
 */
public final class RelayException extends RuntimeException {

  private final Failure failure;
  private final String code;

  public RelayException(Failure failure, String code, String detail) {
    super(detail, null, false, false);
    this.failure = failure;
    this.code = code == null ? failure.defaultCode() : code;
  }

  public static RelayException badRequest(String detail) {
    return new RelayException(Failure.BAD_REQUEST, null, detail);
  }

  public static RelayException invalid(String detail) {
    return new RelayException(Failure.INVALID, null, detail);
  }

  public static RelayException forbidden(String detail) {
    return new RelayException(Failure.FORBIDDEN, null, detail);
  }

  public static RelayException agentNotFound(String agentId) {
    return new RelayException(Failure.NOT_FOUND, "agent_not_found",
        "agent '" + agentId + "' is not registered");
  }

  public static RelayException taskNotFound(String taskId) {
    return new RelayException(Failure.NOT_FOUND, "task_not_found", "task '" + taskId + "' does not exist");
  }

  public Failure failure() {
    return failure;
  }

  public String code() {
    return code;
  }
}
