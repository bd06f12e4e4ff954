package dev.agentrelay.core.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Artifact;
import dev.agentrelay.core.model.Message;
import dev.agentrelay.core.model.Task;
import java.util.Optional;

/**
 * An inbox item about a task as an A2A {@code StreamResponse}: {@code task.updated} a status update,
 * {@code artifact.new} an artifact update, {@code message.new} a status update carrying the message.
 */
public final class A2aEvents {

  private A2aEvents() {
  }

  /** The task as the item shows it, or {@code known} when the item carries none. */
  public static Task taskOf(JsonNode item, Task known) {
    JsonNode task = item.get("task");
    return task != null && task.isObject() ? Json.MAPPER.convertValue(task, Task.class) : known;
  }

  public static Optional<ObjectNode> of(JsonNode item, Task task) {
    if (task == null) {
      return Optional.empty();
    }
    switch (item.path("event").asText()) {
      case "task.updated":
        return Optional.of(A2aJson.statusUpdate(task));
      case "artifact.new":
        JsonNode artifact = item.get("artifact");
        return artifact == null || !artifact.isObject() ? Optional.empty()
            : Optional.of(A2aJson.artifactUpdate(task, Json.MAPPER.convertValue(artifact, Artifact.class)));
      case "message.new":
        JsonNode message = item.get("message");
        if (message == null || !message.isObject()) {
          return Optional.empty();
        }
        ObjectNode update = A2aJson.statusUpdate(task);
        ((ObjectNode) update.get("statusUpdate").get("status")).set("message",
            A2aJson.message(Json.MAPPER.convertValue(message, Message.class), task));
        return Optional.of(update);
      default:
        return Optional.empty();
    }
  }
}
