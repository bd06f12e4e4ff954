package dev.agentrelay.core.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentrelay.core.bus.Addresses;
import dev.agentrelay.core.bus.DeliveryEvent;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Task;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows one task on the bus: every committed delivery about it goes to one of its two parties' inboxes, so
 * the watch listens to both and passes on the inbox items (as JSON) that name the task.
 */
public final class TaskWatch {

  private final List<MessageConsumer<DeliveryEvent>> consumers = new ArrayList<>();

  private TaskWatch() {
  }

  /** Starts watching; the future completes once the bus will pass on every later delivery. */
  public static Future<TaskWatch> open(Vertx vertx, Task task, Handler<JsonNode> onItem) {
    return open(vertx, task.taskId(), task.fromAgent(), task.toAgent(), onItem);
  }

  public static Future<TaskWatch> open(Vertx vertx, String taskId, String fromAgent, String toAgent,
      Handler<JsonNode> onItem) {
    TaskWatch watch = new TaskWatch();
    List<String> parties = fromAgent.equals(toAgent) ? List.of(toAgent) : List.of(fromAgent, toAgent);
    List<Future<Void>> ready = new ArrayList<>();
    for (String party : parties) {
      MessageConsumer<DeliveryEvent> consumer = vertx.eventBus().localConsumer(Addresses.inbox(party), message -> {
        JsonNode item = Json.readStored(message.body().itemJson());
        if (taskId.equals(item.path("task_id").asText(null))) {
          onItem.handle(item);
        }
      });
      watch.consumers.add(consumer);
      ready.add(consumer.completion());
    }
    return Future.all(ready).map(done -> watch);
  }

  public void close() {
    consumers.forEach(MessageConsumer::unregister);
    consumers.clear();
  }
}
