package dev.agentrelay.core.service;

import dev.agentrelay.core.model.Artifact;
import dev.agentrelay.core.model.EventType;
import dev.agentrelay.core.model.Message;
import dev.agentrelay.core.model.Task;
import dev.agentrelay.core.store.DeliveryStore;
import dev.agentrelay.core.store.WriteContext;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Delivers what happens in a task to its parties other than the agent that did it. */
final class TaskEvents {

  private TaskEvents() {
  }

  /** The parties of {@code task} except {@code actorId}: for a tier-1 outsider, both of them. */
  static Set<String> audience(Task task, String actorId) {
    Set<String> audience = new LinkedHashSet<>();
    audience.add(task.toAgent());
    audience.add(task.fromAgent());
    audience.remove(actorId);
    return audience;
  }

  static List<DeliveryStore.Delivered> deliver(WriteContext tx, Task task, String actorId, EventType event,
      Message message, Artifact artifact) throws SQLException {
    List<DeliveryStore.Delivered> deliveries = new ArrayList<>();
    for (String recipient : audience(task, actorId)) {
      deliveries.add(DeliveryStore.deliver(tx, recipient, event, actorId, task.taskId(), task, message, artifact));
    }
    return deliveries;
  }
}
