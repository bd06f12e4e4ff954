package dev.agentrelay.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.a2a.A2aEvents;
import dev.agentrelay.core.a2a.TaskWatch;
import dev.agentrelay.core.bus.StoreClient;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Task;
import dev.agentrelay.core.push.PushConfig;
import dev.agentrelay.core.service.PushConfigCommands;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Pushes the updates of every task it follows: each update goes to the task's configs as they stand when it is
 * sent, in order per task, each retried on the webhook retry schedule; a config whose retries are spent misses
 * that update (the task stays readable with GetTask). A task is followed on the bus until it is terminal.
 * Runs on the context of its {@link A2aPushVerticle}.
 */
final class A2aPushDispatcher {

  private static final Logger LOG = Logger.getLogger(A2aPushDispatcher.class.getName());

  private final Vertx vertx;
  private final StoreClient store;
  private final WebhookSender sender;
  private final RetrySchedule schedule;
  private final Map<String, Following> following = new HashMap<>();
  private boolean stopped;

  A2aPushDispatcher(Vertx vertx, StoreClient store, WebhookSender sender, RetrySchedule schedule) {
    this.vertx = vertx;
    this.store = store;
    this.sender = sender;
    this.schedule = schedule;
  }

  /**
   * Follows every open task that has configs and is not followed yet; completes once they all are, with how many
   * open tasks have configs (0 when they could not be read, which is logged).
   */
  Future<Integer> resume() {
    return store.write(new PushConfigCommands.OpenTasks())
        .compose(tasks -> Future.all(tasks.stream().map(t -> follow(t.taskId(), t.fromAgent(), t.toAgent())).toList())
            .map(tasks.size()))
        .recover(e -> {
          LOG.log(Level.WARNING, "could not follow the open tasks that have A2A push configs: " + e.getMessage());
          return Future.succeededFuture(0);
        });
  }

  /** Follows no task any more and sends nothing more, retries included: another node dispatches now. */
  void stop() {
    stopped = true;
    following.values().forEach(Following::close);
    following.clear();
  }

  /** Follows the task (once, however many configs it gets); completes when the bus passes its updates on. */
  Future<Void> follow(String taskId, String fromAgent, String toAgent) {
    Following task = new Following(taskId);
    Following known = following.putIfAbsent(taskId, task);
    if (known != null) {
      return known.ready.future();
    }
    TaskWatch.open(vertx, taskId, fromAgent, toAgent, task::onItem).onSuccess(watch -> {
      task.watch = watch;
      if (stopped) {
        watch.close();
      }
      task.ready.complete();
    }).onFailure(failure -> {
      following.remove(taskId);
      task.ready.fail(failure);
    });
    return task.ready.future();
  }

  /** One followed task: its updates, sent one after another. */
  private final class Following {
    final String taskId;
    final Promise<Void> ready = Promise.promise();
    TaskWatch watch;
    Future<Void> queue = Future.succeededFuture();

    Following(String taskId) {
      this.taskId = taskId;
    }

    void onItem(JsonNode item) {
      Task task = A2aEvents.taskOf(item, null);
      A2aEvents.of(item, task).ifPresent(update -> {
        String id = item.path("delivery_id").asText(taskId);
        queue = queue.compose(v -> pushToAll(taskId, id, update));
      });
      if (task != null && task.status().isTerminal() && item.path("event").asText().equals("task.updated")) {
        following.remove(taskId);
        queue.onComplete(done -> close());
      }
    }

    void close() {
      if (watch != null) {
        watch.close();
      }
    }
  }

  private Future<Void> pushToAll(String taskId, String id, ObjectNode update) {
    byte[] body = Json.writeBytes(update);
    return store.write(new PushConfigCommands.OfTask(taskId))
        .compose(configs -> Future.join(configs.stream().map(c -> attempt(c, id + ":" + c.configId(), body, 1))
            .toList()))
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }

  /** Try {@code number}; on failure, the next after the schedule's delay, until the schedule is spent. */
  private Future<Void> attempt(PushConfig config, String id, byte[] body, int number) {
    return sender.push(config, id, body).compose(status -> status >= 200 && status < 300
        ? Future.<Void>succeededFuture() : Future.<Void>failedFuture("answered " + status))
        .recover(failure -> {
          if (stopped) {
            return Future.succeededFuture();
          }
          if (!schedule.hasRetryAfter(number) || failure instanceof WebhookSender.RefusedTarget) {
            LOG.info("A2A push " + id + " to config " + config.configId() + " of task " + config.taskId()
                + " failed " + number + " times, the last: " + failure.getMessage() + "; giving up");
            return Future.succeededFuture();
          }
          Promise<Void> next = Promise.promise();
          vertx.setTimer(schedule.delayMillisAfter(number), t -> attempt(config, id, body, number + 1).onComplete(next));
          return next.future();
        });
  }
}
