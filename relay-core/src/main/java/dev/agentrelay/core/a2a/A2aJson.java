package dev.agentrelay.core.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Artifact;
import dev.agentrelay.core.model.FileContent;
import dev.agentrelay.core.model.Message;
import dev.agentrelay.core.model.Part;
import dev.agentrelay.core.model.Task;
import dev.agentrelay.core.model.TaskStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * The relay's tasks, messages, artifacts and parts as A2A 1.0 objects (camelCase, ProtoJSON enum names). The
 * task's creator speaks as {@code ROLE_USER}, its receiver as {@code ROLE_AGENT}; the parts the task was created
 * with are the first message of its history.
 */
public final class A2aJson {

  /** The media type of A2A's JSON, on HTTP answers and push notifications. */
  public static final String MEDIA_TYPE = "application/a2a+json";
  public static final String STATE_PREFIX = "TASK_STATE_";

  private A2aJson() {
  }

  public static String state(TaskStatus status) {
    return STATE_PREFIX + status.a2a();
  }

  /** The task; {@code historyLength} null for the whole history, 0 for none. */
  public static ObjectNode task(Task task, Integer historyLength, boolean withArtifacts) {
    ObjectNode node = Json.object().put("id", task.taskId()).put("contextId", task.contextId());
    node.set("status", status(task));
    if (withArtifacts && task.artifacts() != null) {
      ArrayNode artifacts = node.putArray("artifacts");
      task.artifacts().forEach(artifact -> artifacts.add(artifact(artifact)));
    }
    if (historyLength == null || historyLength > 0) {
      List<ObjectNode> history = history(task);
      int from = historyLength == null ? 0 : Math.max(0, history.size() - historyLength);
      ArrayNode array = node.putArray("history");
      history.subList(from, history.size()).forEach(array::add);
    }
    ObjectNode metadata = task.metadata() == null ? Json.object() : task.metadata().deepCopy();
    metadata.put("title", task.title()).put("fromAgent", task.fromAgent()).put("toAgent", task.toAgent())
        .put("relayStatus", task.status().wire());
    node.set("metadata", metadata);
    return node;
  }

  public static ObjectNode status(Task task) {
    return Json.object().put("state", state(task.status())).put("timestamp", task.updatedAt());
  }

  private static List<ObjectNode> history(Task task) {
    List<ObjectNode> history = new ArrayList<>();
    if (task.parts() != null && !task.parts().isEmpty()) {
      ObjectNode first = Json.object().put("messageId", task.taskId() + ":request").put("contextId", task.contextId())
          .put("taskId", task.taskId()).put("role", "ROLE_USER");
      first.set("parts", parts(task.parts(), null));
      history.add(first);
    }
    if (task.messages() != null) {
      task.messages().forEach(message -> history.add(message(message, task)));
    }
    return history;
  }

  public static ObjectNode message(Message message, Task task) {
    ObjectNode node = Json.object().put("messageId", message.messageId()).put("contextId", message.contextId());
    if (message.taskId() != null) {
      node.put("taskId", message.taskId());
    }
    boolean fromCreator = task == null || message.fromAgent().equals(task.fromAgent());
    node.put("role", fromCreator ? "ROLE_USER" : "ROLE_AGENT");
    node.set("parts", parts(message.parts(), null));
    ObjectNode metadata = message.metadata() == null ? Json.object() : message.metadata().deepCopy();
    metadata.put("fromAgent", message.fromAgent()).put("createdAt", message.createdAt());
    node.set("metadata", metadata);
    return node;
  }

  public static ObjectNode artifact(Artifact artifact) {
    ObjectNode node = Json.object().put("artifactId", artifact.artifactId());
    if (artifact.name() != null) {
      node.put("name", artifact.name());
    }
    node.set("parts", parts(artifact.parts(), artifact.mimeType()));
    return node;
  }

  public static ArrayNode parts(List<Part> parts, String mediaType) {
    ArrayNode array = Json.MAPPER.createArrayNode();
    if (parts != null) {
      parts.forEach(part -> array.add(part(part, mediaType)));
    }
    return array;
  }

  private static ObjectNode part(Part part, String mediaType) {
    ObjectNode node = Json.object();
    switch (part.kind()) {
      case Part.TEXT -> node.put("text", part.text());
      case Part.DATA -> node.set("data", part.data());
      default -> {
        FileContent file = part.file();
        if (file.bytes() != null) {
          node.put("raw", file.bytes());
        } else {
          node.put("url", file.uri());
        }
        if (file.name() != null) {
          node.put("filename", file.name());
        }
        if (file.mimeType() != null) {
          node.put("mediaType", file.mimeType());
        }
      }
    }
    if (mediaType != null && !node.has("mediaType")) {
      node.put("mediaType", mediaType);
    }
    return node;
  }

  /** A {@code StreamResponse} holding one status update. */
  public static ObjectNode statusUpdate(Task task) {
    ObjectNode event = Json.object().put("taskId", task.taskId()).put("contextId", task.contextId());
    event.set("status", status(task));
    return wrap("statusUpdate", event);
  }

  /** A {@code StreamResponse} holding one artifact update. */
  public static ObjectNode artifactUpdate(Task task, Artifact artifact) {
    ObjectNode event = Json.object().put("taskId", task.taskId()).put("contextId", task.contextId());
    event.set("artifact", artifact(artifact));
    event.put("append", false).put("lastChunk", true);
    return wrap("artifactUpdate", event);
  }

  public static ObjectNode wrap(String field, JsonNode value) {
    ObjectNode node = Json.object();
    node.set(field, value);
    return node;
  }
}
