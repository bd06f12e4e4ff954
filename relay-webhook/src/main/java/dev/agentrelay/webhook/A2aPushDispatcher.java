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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Pushes the updates of every task it follows: each update goes to the task's configs as they stand when it is
 * sent, in order per task, each retried on the webhook retry schedule; a config whose retries are spent misses
 * that update (the task stays readable with GetTask). A task is followed on the bus until it is terminal. Once an
 * update was pushed the store records its seq, and a dispatcher that starts to follow a task first pushes what was
 * committed after it (a node that died mid-push, or an update made while no node dispatched); so an update may be
 * pushed twice, under the same {@code webhook-id}, but is not lost. Runs on the context of its
 * {@link A2aPushVerticle}.
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
   * Follows every task whose configs are followed and that is not followed here yet; completes once they all are,
   * with how many such tasks there are (0 when they could not be read, which is logged).
   */
  Future<Integer> resume() {
    return store.write(new PushConfigCommands.FollowedTasks())
        .compose(tasks -> Future.all(tasks.stream().map(t -> follow(t.taskId(), t.fromAgent(), t.toAgent())).toList())
            .map(tasks.size()))
        .recover(e -> {
          LOG.log(Level.WARNING, "could not follow the tasks that have A2A push configs: " + e.getMessage());
          return Future.succeededFuture(0);
        });
  }

  /** Follows no task any more and sends nothing more, retries included: another node dispatches now. */
  void stop() {
    stopped = true;
    following.values().forEach(Following::close);
    following.clear();
  }

  /**
   * Follows the task (once, however many configs it gets); completes when the bus passes its updates on and what
   * was missed is queued.
   */
  Future<Void> follow(String taskId, String fromAgent, String toAgent) {
    Following task = new Following(taskId);
    Following known = following.putIfAbsent(taskId, task);
    if (known != null) {
      return known.ready.future();
    }
    TaskWatch.open(vertx, taskId, fromAgent, toAgent, task::onItem)
        .compose(watch -> {
          task.watch = watch;
          return store.write(new PushConfigCommands.CatchUp(taskId));
        })
        .onSuccess(catchUp -> {
          if (stopped) {
            task.close();
          } else {
            task.start(catchUp);
          }
          task.ready.complete();
        }).onFailure(failure -> {
          following.remove(taskId);
          task.close();
          task.ready.fail(failure);
        });
    return task.ready.future();
  }

  /**
   * One followed task: its updates, sent one after another. Until what was missed is queued, the updates the bus
   * passes on wait; those among the missed ones are dropped, then and later.
   */
  private final class Following {
    final String taskId;
    final Promise<Void> ready = Promise.promise();
    final List<JsonNode> waiting = new ArrayList<>();
    // the missed items already queued: on a cluster another node's commit may reach the bus after it was read
    final Set<Long> missedSeqs = new HashSet<>();
    TaskWatch watch;
    boolean started;
    Future<Void> queue = Future.succeededFuture();

    Following(String taskId) {
      this.taskId = taskId;
    }

    void onItem(JsonNode item) {
      if (!started) {
        waiting.add(item);
      } else if (!missedSeqs.contains(item.path("seq").asLong())) {
        push(item, Map.of());
      }
    }

    void start(PushConfig.CatchUp catchUp) {
      started = true;
      for (String stored : catchUp.items()) {
        JsonNode item = Json.readStored(stored);
        missedSeqs.add(item.path("seq").asLong());
        push(item, catchUp.pushedSeqs());
      }
      waiting.stream().filter(item -> !missedSeqs.contains(item.path("seq").asLong()))
          .forEach(item -> push(item, Map.of()));
      waiting.clear();
      if (catchUp.terminal() && catchUp.items().isEmpty()) {
        queue = queue.compose(v -> store.write(new PushConfigCommands.Pushed(taskId, 0, true))).<Void>mapEmpty()
            .otherwiseEmpty();
        end();
      }
    }

    /** Queues the item's update; a config whose pushed seq is at or past the item's (in {@code pushedSeqs}) had it. */
    void push(JsonNode item, Map<String, Long> pushedSeqs) {
      Task task = A2aEvents.taskOf(item, null);
      long seq = item.path("seq").asLong();
      boolean terminal = task != null && task.status().isTerminal()
          && item.path("event").asText().equals("task.updated");
      A2aEvents.of(item, task).ifPresent(update -> {
        String id = item.path("delivery_id").asText(taskId);
        queue = queue.compose(v -> pushToAll(taskId, id, update, seq, pushedSeqs, terminal));
      });
      if (terminal) {
        end();
      }
    }

    /** Stops following once the queue is sent and recorded: a resync before then would find the task followed. */
    void end() {
      queue.onComplete(done -> {
        following.remove(taskId, this);
        close();
      });
    }

    void close() {
      if (watch != null) {
        watch.close();
      }
    }
  }

  /** Sends the update to each config that did not have it, then records it pushed; never fails. */
  private Future<Void> pushToAll(String taskId, String id, ObjectNode update, long seq, Map<String, Long> pushedSeqs,
      boolean terminal) {
    byte[] body = Json.writeBytes(update);
    return store.write(new PushConfigCommands.OfTask(taskId))
        .compose(configs -> Future.join(configs.stream()
            .filter(c -> pushedSeqs.getOrDefault(c.configId(), Long.MIN_VALUE) < seq)
            .map(c -> attempt(c, id + ":" + c.configId(), body, 1))
            .toList()))
        .compose(sent -> stopped ? Future.succeededFuture()
            : store.write(new PushConfigCommands.Pushed(taskId, seq, terminal)))
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
