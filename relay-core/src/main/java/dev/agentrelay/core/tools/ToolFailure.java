package dev.agentrelay.core.tools;

/** A failure that already reads as a tool result, such as an agent's permissions that could not be learned. */
public final class ToolFailure extends RuntimeException {

  private final ToolResult result;

  public ToolFailure(ToolResult result) {
    super(result.text(), null, false, false);
    this.result = result;
  }

  public ToolResult result() {
    return result;
  }
}
