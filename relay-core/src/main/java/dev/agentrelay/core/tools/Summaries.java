package dev.agentrelay.core.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentrelay.core.json.Fields;

/** The first sentence of each successful tool answer: short, with the ids the model will need next. */
final class Summaries {

  private static final int EXCERPT = 200;

  private Summaries() {
  }

  static String inbox(JsonNode page, Fields args) {
    JsonNode items = page.path("items");
    if (items.isEmpty()) {
      return "The inbox has no unacknowledged items after seq " + page.path("next_after").asLong() + ".";
    }
    StringBuilder text = new StringBuilder().append(count(items.size(), "item")).append(" (")
        .append(page.path("pending").asLong()).append(" unacknowledged in all):");
    items.forEach(item -> text.append("\n- ").append(inboxItem(item)));
    return text.append("\nWhen you have handled them, call relay_ack with up_to_seq ")
        .append(page.path("next_after").asLong()).append(".").toString();
  }

  static String waitedInbox(JsonNode page, Fields args) {
    if (page.path("items").isEmpty()) {
      return "Nothing arrived within " + args.raw("wait").asLong() + " s. Call relay_wait_inbox again to keep"
          + " waiting.";
    }
    return inbox(page, args);
  }

  private static String inboxItem(JsonNode item) {
    String headline = InboxLines.headline(item);
    return item.has("message") ? headline + ": " + excerpt(item.get("message").path("parts")) : headline;
  }


  static String acknowledged(JsonNode body, Fields args) {
    return "Acknowledged " + count(body.path("acknowledged").asLong(), "item") + ".";
  }

  static String taskSent(JsonNode task, Fields args) {
    return "Task " + task.path("task_id").asText() + " \"" + task.path("title").asText() + "\" sent to "
        + task.path("to_agent").asText() + " (" + task.path("status").asText() + ", priority "
        + task.path("priority").asText() + ").";
  }

  static String taskMoved(JsonNode task, Fields args) {
    return "Task " + task.path("task_id").asText() + " is now " + task.path("status").asText() + ".";
  }

  static String messageSent(JsonNode message, Fields args) {
    String onTask = message.hasNonNull("task_id") ? " on task " + message.get("task_id").asText() : "";
    return "Message " + message.path("message_id").asText() + " sent to " + message.path("to_agent").asText()
        + onTask + ".";
  }

  static String task(JsonNode task, Fields args) {
    StringBuilder text = new StringBuilder().append("Task ").append(task.path("task_id").asText()).append(" \"")
        .append(task.path("title").asText()).append("\" from ").append(task.path("from_agent").asText())
        .append(" to ").append(task.path("to_agent").asText()).append(": ").append(task.path("status").asText())
        .append(", priority ").append(task.path("priority").asText()).append("; ")
        .append(count(task.path("messages").size(), "message")).append(", ")
        .append(count(task.path("artifacts").size(), "artifact")).append('.');
    task.path("messages").forEach(message -> text.append("\n- ").append(message.path("from_agent").asText())
        .append(": ").append(excerpt(message.path("parts"))));
    return text.toString();
  }

  static String tasks(JsonNode page, Fields args) {
    JsonNode tasks = page.path("tasks");
    StringBuilder text = new StringBuilder().append(count(tasks.size(), "task")).append(tasks.isEmpty() ? "." : ":");
    tasks.forEach(task -> text.append("\n- ").append(task.path("task_id").asText()).append(" [")
        .append(task.path("status").asText()).append("] ").append(task.path("from_agent").asText()).append(" -> ")
        .append(task.path("to_agent").asText()).append(": ").append(task.path("title").asText()));
    if (page.hasNonNull("next_cursor")) {
      text.append("\nMore: call relay_list_tasks with cursor ").append(page.get("next_cursor").asText()).append('.');
    }
    return text.toString();
  }

  static String agents(JsonNode body, Fields args) {
    JsonNode agents = body.path("agents");
    StringBuilder text = new StringBuilder().append(count(agents.size(), "agent")).append(':');
    agents.forEach(agent -> text.append("\n- ").append(agent.path("agent_id").asText()).append(" (")
        .append(agent.path("name").asText()).append(", tier ").append(agent.path("trust_tier").asInt())
        .append(", ").append(agent.path("status").asText()).append(", capabilities ")
        .append(agent.path("capabilities")).append(')'));
    return text.toString();
  }

  static String broadcast(JsonNode body, Fields args) {
    return "Broadcast " + body.path("broadcast_id").asText() + " sent to "
        + count(body.path("recipients").asLong(), "agent") + ".";
  }

  static String artifact(JsonNode artifact, Fields args) {
    return "Artifact " + artifact.path("artifact_id").asText() + " \"" + artifact.path("name").asText()
        + "\" attached to task " + artifact.path("task_id").asText() + ".";
  }

  static String heartbeat(JsonNode agent, Fields args) {
    return "Agent " + agent.path("agent_id").asText() + " is " + agent.path("status").asText() + ".";
  }

  /** The text parts, cut short; other parts are named by kind. */
  private static String excerpt(JsonNode parts) {
    StringBuilder text = new StringBuilder();
    parts.forEach(part -> {
      String kind = part.path("kind").asText();
      text.append(text.length() == 0 ? "" : " ").append(kind.equals("text") ? part.path("text").asText()
          : "[" + kind + " part]");
    });
    String all = text.toString().replace('\n', ' ');
    return all.length() <= EXCERPT ? "\"" + all + "\"" : "\"" + all.substring(0, EXCERPT) + "...\"";
  }

  private static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
