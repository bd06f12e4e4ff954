package dev.agentrelay.core.tools;

import com.fasterxml.jackson.databind.JsonNode;

/** The one-line headline of an inbox item, as the tools and the bridge's channel events show it. */
public final class InboxLines {

  private InboxLines() {
  }

  /**
   * E.g. {@code #12 task.created from alice on task_1: "Summarise the logs" [submitted, high]}; a message's
   * headline ends after the sender and task, for the caller to add its text.
   */
  public static String headline(JsonNode item) {
    StringBuilder line = new StringBuilder().append('#').append(item.path("seq").asLong()).append(' ')
        .append(item.path("event").asText()).append(" from ").append(item.path("from_agent").asText());
    if (item.hasNonNull("task_id")) {
      line.append(" on ").append(item.get("task_id").asText());
    }
    if (item.has("task")) {
      JsonNode task = item.get("task");
      line.append(": \"").append(oneLine(task.path("title").asText())).append("\" [")
          .append(task.path("status").asText()).append(", ").append(task.path("priority").asText()).append(']');
    } else if (item.has("artifact")) {
      line.append(": artifact \"").append(oneLine(item.get("artifact").path("name").asText())).append('"');
    }
    return line.toString();
  }

  /** Line breaks in an agent's text would break the one-line shape. */
  static String oneLine(String text) {
    return text.replace('\n', ' ').replace('\r', ' ');
  }
}
