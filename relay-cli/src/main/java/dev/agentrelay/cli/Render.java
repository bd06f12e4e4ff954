package dev.agentrelay.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The human forms of the relay's JSON: one line per inbox item, aligned {@code key  value} lines for objects. */
final class Render {

  private static final int SUMMARY_MAX = 120;

  private Render() {
  }

  /** {@code #seq event [task] from agent: summary}, one line whatever the content. */
  static String item(JsonObject item) {
    StringBuilder line = new StringBuilder("#").append(item.getValue("seq")).append(' ')
        .append(item.getString("event"));
    if (item.getString("task_id") != null) {
      line.append(' ').append(item.getString("task_id"));
    }
    line.append(" from ").append(orDash(item.getString("from_agent")));
    String summary = summary(item);
    if (!summary.isEmpty()) {
      line.append(": ").append(oneLine(summary));
    }
    return line.toString();
  }

  private static String summary(JsonObject item) {
    JsonObject task = item.getJsonObject("task");
    JsonObject message = item.getJsonObject("message");
    JsonObject artifact = item.getJsonObject("artifact");
    if (message != null) {
      return text(message.getJsonArray("parts"));
    }
    if (artifact != null) {
      return orDash(artifact.getString("name"));
    }
    if (task != null) {
      String title = orDash(task.getString("title"));
      return "task.updated".equals(item.getString("event"))
          ? task.getString("status") + ": " + title
          : title + " (" + task.getString("priority") + ")";
    }
    return "";
  }

  /** The text of A2A parts: text as it is, data as JSON, files by name. */
  static String text(JsonArray parts) {
    if (parts == null) {
      return "";
    }
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      JsonObject part = parts.getJsonObject(i);
      switch (String.valueOf(part.getString("kind"))) {
        case "text" -> texts.add(part.getString("text"));
        case "data" -> texts.add(String.valueOf(part.getValue("data")));
        case "file" -> texts.add("[file " + orDash(part.getJsonObject("file").getString("name")) + "]");
        default -> texts.add(part.encode());
      }
    }
    return String.join(" ", texts);
  }

  static String oneLine(String text) {
    String flat = text.replaceAll("\\s+", " ").strip();
    return flat.length() <= SUMMARY_MAX ? flat : flat.substring(0, SUMMARY_MAX - 3) + "...";
  }

  /** Prints {@code object}'s fields as aligned {@code key  value} lines; nested objects as dotted keys. */
  static void fields(PrintWriter out, JsonObject object, Set<String> skip) {
    Map<String, String> flat = new LinkedHashMap<>();
    flatten("", object, skip, flat);
    int width = flat.keySet().stream().mapToInt(String::length).max().orElse(0);
    flat.forEach((key, value) -> out.println(key + " ".repeat(width - key.length() + 2) + value));
    out.flush();
  }

  private static void flatten(String prefix, JsonObject object, Set<String> skip, Map<String, String> into) {
    for (String key : object.fieldNames()) {
      if (skip.contains(key)) {
        continue;
      }
      Object value = object.getValue(key);
      if (value instanceof JsonObject nested && !nested.isEmpty()) {
        flatten(prefix + key + ".", nested, Set.of(), into);
      } else {
        into.put(prefix + key, value(value));
      }
    }
  }

  private static String value(Object value) {
    if (value instanceof JsonArray array) {
      boolean scalars = array.stream().noneMatch(v -> v instanceof JsonObject || v instanceof JsonArray);
      if (array.isEmpty()) {
        return "-";
      }
      return scalars ? array.stream().map(String::valueOf).collect(Collectors.joining(", ")) : array.encode();
    }
    return orDash(value);
  }

  static String orDash(Object value) {
    return value == null ? "-" : value.toString();
  }
}
