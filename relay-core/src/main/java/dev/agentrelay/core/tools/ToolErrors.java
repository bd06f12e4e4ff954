package dev.agentrelay.core.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.json.Json;
import java.util.List;

/**
 * The sentences of failed tool calls. Each says what went wrong in the relay's own words and then what the
 * model can do about it, naming the tool to call next where there is one.
 */
public final class ToolErrors {

  private ToolErrors() {
  }

  /** The relay answered with an error status. */
  static ToolResult fromResponse(ToolSpec spec, RelayResponse response) {
    String detail = response.detail() != null ? response.detail() : "the relay answered HTTP " + response.status();
    String code = response.code() == null ? "" : response.code();
    String advice = switch (response.status()) {
      case 400, 422 -> code.equals("idempotency_key_reused")
          ? "pass a new idempotency_key to send something different"
          : "correct the arguments and call " + spec.name() + " again";
      case 401 -> "the bridge's API key was refused: it may have been rotated or its agent removed; the operator"
          + " must configure a current key (RELAY_API_KEY)";
      case 403 -> "this agent is not allowed to do that; call relay_agents to see the agents and their"
          + " permissions, or ask the operator";
      case 404 -> notFoundAdvice(code);
      case 409 -> code.equals("invalid_transition") || code.equals("task_closed")
          ? "call relay_get_task to see the task's current status" : "check the current state and try again";
      case 413 -> "send less content, or attach a file part with a 'uri' instead of inline bytes";
      case 429 -> "wait " + Math.max(1, response.retryAfterSeconds()) + " s, then call " + spec.name() + " again";
      case 503 -> "the relay's storage is busy or down; call " + spec.name() + " again in "
          + Math.max(1, response.retryAfterSeconds()) + " s";
      default -> "the relay failed; try again later, and tell the operator if it persists";
    };
    ObjectNode problem = response.body() instanceof ObjectNode body ? body : Json.object().put("status",
        response.status());
    return ToolResult.failed(trimmed(detail) + "; " + advice + ".", problem);
  }

  private static String notFoundAdvice(String code) {
    return switch (code) {
      case "agent_not_found" -> "call relay_agents to see who is";
      case "task_not_found" -> "call relay_list_tasks to see your tasks";
      default -> "check the ids you passed";
    };
  }

  /** No answer came from the relay. */
  static ToolResult unreachable(ToolSpec spec, String location, Throwable cause) {
    String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return ToolResult.failed("the relay at " + location + " is unreachable (" + trimmed(reason) + "); nothing was"
        + " done. Check that the relay is running, then call " + spec.name() + " again.",
        problem("relay_unreachable", reason));
  }

  /** The arguments failed the checks made before sending. */
  static ToolResult badArguments(ToolSpec spec, RelayException cause) {
    return ToolResult.failed("invalid arguments for " + spec.name() + ": " + cause.getMessage()
        + "; nothing was sent. Correct them and call " + spec.name() + " again.",
        problem("invalid_arguments", cause.getMessage()));
  }

  /** The agent's {@code can_access_tools} does not name the tool. */
  static ToolResult notAllowed(String tool, String agentId, List<String> allowed) {
    return ToolResult.failed("agent '" + agentId + "' may not use " + tool + " (its can_access_tools is "
        + allowed + "); nothing was done. Use one of the tools you were given, or ask the operator for access.",
        problem("tool_not_allowed", tool));
  }

  /** A name that is no tool of the relay's. */
  static ToolResult unknownTool(String tool) {
    return ToolResult.failed("there is no tool '" + tool + "'; call tools/list to see the relay's tools.",
        problem("unknown_tool", tool));
  }

  private static ObjectNode problem(String code, String detail) {
    return Json.object().put("code", code).put("detail", detail);
  }

  /** A sentence ends with our own full stop. */
  private static String trimmed(String text) {
    String t = text.strip();
    return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
  }
}
