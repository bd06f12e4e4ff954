package dev.agentrelay.core.tools;

import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Permissions;
import io.vertx.core.Future;

/**
 * The agent's inbox as the MCP resource {@value #URI}: what it is called and what reading it shows. Its text is
 * exactly what the {@code relay_inbox} tool answers (the readable summary, then the page as JSON), made by that
 * tool, so that the two never drift apart; it is readable by the agents that may use that tool.
 */
public final class InboxResource {

  public static final String URI = "relay://inbox";
  public static final String NAME = "inbox";
  public static final String TITLE = "Relay inbox";
  public static final String DESCRIPTION = "This agent's unacknowledged inbox items (new tasks, task updates,"
      + " messages, artifacts, broadcasts), oldest first, as relay_inbox shows them. Subscribe to hear when new"
      + " ones arrive; acknowledge handled ones with relay_ack.";
  /** Plain text: a summary a model reads first, then the page as JSON, as the tool's text blocks are. */
  public static final String MIME_TYPE = "text/plain";

  private static final String TOOL = "relay_inbox";

  private InboxResource() {
  }

  /** Whether {@code permissions} let the agent read the resource: those of {@code relay_inbox}. */
  public static boolean readableWith(Permissions permissions) {
    return permissions.usesTool(TOOL);
  }

  /** Reads the caller's inbox; a failure (not allowed, relay unreachable) is a result with {@code error()} set. */
  public static Future<ToolResult> read(ToolCaller caller) {
    return ToolRunner.call(caller, TOOL, Json.object());
  }

  /** The resource's text: the tool's text blocks, a blank line between them. */
  public static String text(ToolResult result) {
    return String.join("\n\n", result.contentTexts());
  }
}
