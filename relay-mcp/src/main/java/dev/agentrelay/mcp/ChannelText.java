package dev.agentrelay.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentrelay.core.tools.InboxLines;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code notifications/claude/channel} params for inbox items: {@code content} is a one-line summary and then
 * the item's text, {@code meta} the item's ids as strings. Absent ids are left out of {@code meta} rather than sent
 * empty, because Claude Code shows each meta entry to the model as an attribute.
 */
final class ChannelText {

  /** The {@code meta.event} of a notification that stands for several items. */
  static final String SUMMARY_EVENT = "inbox.summary";
  /** Longer item text is cut here; relay_get_task and relay_inbox have all of it. */
  private static final int MAX_TEXT = 8000;

  private ChannelText() {
  }

  /** One item: its line, then its text parts. */
  static Map<String, Object> item(JsonNode item) {
    StringBuilder content = new StringBuilder(InboxLines.headline(item));
    String text = text(item);
    if (!text.isEmpty()) {
      content.append('\n').append(text.length() <= MAX_TEXT ? text
          : text.substring(0, MAX_TEXT) + "\n[cut short: read all of it with relay_get_task or relay_inbox]");
    }
    Map<String, String> meta = new LinkedHashMap<>();
    put(meta, "delivery_id", item.path("delivery_id"));
    put(meta, "seq", item.path("seq"));
    put(meta, "event", item.path("event"));
    put(meta, "from_agent", item.path("from_agent"));
    put(meta, "task_id", item.path("task_id"));
    return params(content.toString(), meta);
  }

  /** Several items in one notification: how many, the first few by their lines, and what to do. */
  static Map<String, Object> summary(long count, List<JsonNode> first, String verb) {
    StringBuilder content = new StringBuilder().append(count).append(count == 1 ? " item " : " items ")
        .append(verb).append(": ");
    for (int i = 0; i < first.size(); i++) {
      content.append(i == 0 ? "" : "; ").append(InboxLines.headline(first.get(i)));
    }
    if (count > first.size()) {
      content.append("; and ").append(count - first.size()).append(" more");
    }
    content.append("; call relay_inbox to read them.");
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("event", SUMMARY_EVENT);
    meta.put("count", Long.toString(count));
    return params(content.toString(), meta);
  }

  private static String text(JsonNode item) {
    StringBuilder text = new StringBuilder();
    if (item.has("message")) {
      parts(text, item.get("message").path("parts"));
    } else if (item.has("artifact")) {
      parts(text, item.get("artifact").path("parts"));
    } else if (item.has("task")) {
      JsonNode task = item.get("task");
      if (task.hasNonNull("description")) {
        text.append(task.get("description").asText());
      }
      parts(text, task.path("parts"));
    }
    return text.toString();
  }

  /** The text parts as they are; other parts by their kind, for the model to fetch if it needs them. */
  private static void parts(StringBuilder text, JsonNode parts) {
    parts.forEach(part -> {
      String kind = part.path("kind").asText();
      text.append(text.length() == 0 ? "" : "\n").append(kind.equals("text") ? part.path("text").asText()
          : "[" + kind + " part]");
    });
  }

  private static void put(Map<String, String> meta, String key, JsonNode value) {
    if (!value.isMissingNode() && !value.isNull() && !value.asText().isEmpty()) {
      meta.put(key, value.asText());
    }
  }

  private static Map<String, Object> params(String content, Map<String, String> meta) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("content", content);
    params.put("meta", meta);
    return params;
  }
}
