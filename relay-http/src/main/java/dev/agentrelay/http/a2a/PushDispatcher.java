package dev.agentrelay.http.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.bus.StoreClient;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Task;
import dev.agentrelay.core.push.PushConfig;
import dev.agentrelay.core.service.PushConfigCommands;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Pushes the updates of every task that has push configs: one per relay (shared by the HTTP verticle
 * instances), following each such task on the bus until it is terminal. Each update goes to the task's configs
 * as they stand when it is sent, in order per task, each retried on the webhook retry schedule; a config
 * whose retries are spent misses that update (the task stays readable with GetTask).
 */
final class PushDispatcher implements Shareable {

  private static final Logger LOG = Logger.getLogger(PushDispatcher.class.getName());
  private static final String MAP = "relay.a2a";
  private static final String KEY = "pushDispatcher.";

  private final Vertx vertx;
  private final StoreClient store;
  private final PushSender sender;
  private final List<Duration> retries;
  private final Map<String, Following> following = new ConcurrentHashMap<>();
  private Future<Void> resumed = Future.succeededFuture();

  private PushDispatcher(Vertx vertx, StoreClient store, boolean allowLocal, List<Duration> retries) {
    this.vertx = vertx;
    this.store = store;
    this.sender = new PushSender(vertx, allowLocal);
    this.retries = List.copyOf(retries);
  }

  /**
   * The dispatcher of the calling deployment, whose HTTP verticle instances share it; the first call makes it
   * and follows again the open tasks that have configs. A relay started again in the same Vert.x (its HTTP
   * verticles deployed again) gets a new one.
   */
  static PushDispatcher of(Vertx vertx, StoreClient store, boolean allowLocal, List<Duration> retries) {
    String key = keyOfThisDeployment();
    synchronized (PushDispatcher.class) {
      Map<String, PushDispatcher> shared = vertx.sharedData().getLocalMap(MAP);
      PushDispatcher existing = shared.get(key);
      if (existing != null) {
        return existing;
      }
      PushDispatcher dispatcher = new PushDispatcher(vertx, store, allowLocal, retries);
      shared.put(key, dispatcher);
      dispatcher.resumed = dispatcher.resume();
      return dispatcher;
    }
  }

  /**
   * Completes once the dispatcher of the calling deployment follows every open task that has configs again: an
   * update committed after that is pushed. The HTTP edge answers no request before (see {@code HttpVerticle}).
   */
  static Future<Void> resumedHere(Vertx vertx) {
    PushDispatcher dispatcher;
    synchronized (PushDispatcher.class) {
      Map<String, PushDispatcher> shared = vertx.sharedData().getLocalMap(MAP);
      dispatcher = shared.get(keyOfThisDeployment());
    }
    return dispatcher == null ? Future.succeededFuture() : dispatcher.resumed;
  }

  private static String keyOfThisDeployment() {
    io.vertx.core.Context context = Vertx.currentContext();
    return KEY + (context == null ? "" : context.deploymentID());
  }

  private Future<Void> resume() {
    return store.write(new PushConfigCommands.OpenTasks())
        .compose(tasks -> Future.all(tasks.stream().map(t -> follow(t.taskId(), t.fromAgent(), t.toAgent())).toList()))
        .<Void>mapEmpty()
        .recover(e -> {
          LOG.log(Level.WARNING, "could not resume A2A push notifications: " + e.getMessage());
          return Future.succeededFuture();
        });
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
        queue.onComplete(done -> {
          if (watch != null) {
            watch.close();
          }
        });
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
    return sender.post(config, id, body).compose(status -> status >= 200 && status < 300
        ? Future.<Void>succeededFuture() : Future.<Void>failedFuture("answered " + status))
        .recover(failure -> {
          if (number > retries.size()) {
            LOG.info("A2A push " + id + " to config " + config.configId() + " of task " + config.taskId()
                + " failed " + number + " times, the last: " + failure.getMessage() + "; giving up");
            return Future.succeededFuture();
          }
          Promise<Void> next = Promise.promise();
          long base = retries.get(number - 1).toMillis();
          long delay = Math.max(1, Math.round(base * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble())));
          vertx.setTimer(delay, t -> attempt(config, id, body, number + 1).onComplete(next));
          return next.future();
        });
  }
}
