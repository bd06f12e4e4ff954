package dev.agentrelay.cli;

import io.vertx.core.json.JsonObject;

/** The relay answered an error: its RFC 9457 problem (or, for a non-problem answer, what it sent). */
final class RelayProblem extends RuntimeException {

  private final int status;
  private final transient JsonObject problem;

  RelayProblem(int status, JsonObject problem) {
    super(describe(status, problem));
    this.status = status;
    this.problem = problem;
  }

  int status() {
    return status;
  }

  JsonObject problem() {
    return problem;
  }

  /** Worth trying again later: rate limited or temporarily unavailable. */
  boolean retryable() {
    return status == 429 || status >= 500;
  }

  private static String describe(int status, JsonObject problem) {
    StringBuilder text = new StringBuilder().append(status);
    if (problem.getValue("title") instanceof String title) {
      text.append(' ').append(title);
    }
    if (problem.getValue("code") instanceof String code) {
      text.append(" (").append(code).append(')');
    } else if (problem.getValue("status") instanceof String word) {
      text.append(" (").append(word).append(')'); // GET /health answers {"status": "degraded", "detail"}
    }
    if (problem.getValue("detail") instanceof String detail) {
      text.append(": ").append(detail);
    }
    return text.toString();
  }
}
