package dev.agentrelay.http.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.Failure;
import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.a2a.A2aJson;
import dev.agentrelay.core.a2a.TaskWatch;
import dev.agentrelay.core.bus.StoreClient;
import dev.agentrelay.core.bus.StoredResponse;
import dev.agentrelay.core.bus.WriteCommand;
import dev.agentrelay.core.json.Fields;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Agent;
import dev.agentrelay.core.model.Part;
import dev.agentrelay.core.model.Priority;
import dev.agentrelay.core.model.Task;
import dev.agentrelay.core.model.TaskStatus;
import dev.agentrelay.core.model.Times;
import dev.agentrelay.core.service.CreateTask;
import dev.agentrelay.core.service.Cursors;
import dev.agentrelay.core.service.GetTask;
import dev.agentrelay.core.service.Idempotent;
import dev.agentrelay.core.service.ListTasks;
import dev.agentrelay.core.service.SendMessage;
import dev.agentrelay.core.service.UpdateTask;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The A2A operations on the relay's own commands, for both bindings: each takes the caller, the agent the
 * request is addressed to and the request object, and answers the A2A result object. No task logic of its own:
 * creating, messaging, moving and reading go through the same commands as REST and MCP.
 */
final class A2aOperations {

  static final long BLOCKING_WAIT_MILLIS = 30_000;
  static final int MAX_TITLE = 120;
  static final int DEFAULT_PAGE_SIZE = 50;
  static final int MAX_PAGE_SIZE = 100;
  private static final int MAX_MESSAGE_ID = 200;
  private static final String IDEMPOTENCY_PREFIX = "a2a:";

  private final Vertx vertx;
  private final StoreClient store;
  private PushConfigs push = PushConfigs.unsupported();

  A2aOperations(Vertx vertx, StoreClient store) {
    this.vertx = vertx;
    this.store = store;
  }

  /** Where SendMessage's {@code configuration.taskPushNotificationConfig} goes. */
  void usePushConfigs(PushConfigs configs) {
    this.push = configs;
  }

  /** {@code SendMessage}: answers {@code {"task": Task}}. */
  Future<JsonNode> sendMessage(Agent caller, String agentId, Fields request) {
    return send(caller, agentId, request).compose(task -> {
      SendOptions options = SendOptions.of(request);
      Future<Task> settled = options.returnImmediately() ? Future.succeededFuture(task) : settle(caller, task);
      return settled.map(done -> A2aJson.wrap("task", A2aJson.task(done, options.historyLength(), true)));
    });
  }

  /** The write of a SendMessage, through the idempotency store with the A2A messageId as key; the task after it. */
  Future<Task> send(Agent caller, String agentId, Fields request) {
    Fields message = request.optionalFields("message");
    if (message == null) {
      throw A2aError.invalidParams("'message' is required");
    }
    String messageId = message.requiredText("messageId", MAX_MESSAGE_ID);
    List<Part> parts = A2aParts.read(message.raw("parts"));
    ObjectNode metadata = message.optionalObject("metadata");
    String taskId = message.optionalText("taskId", 128);
    String contextId = message.optionalText("contextId", 128);
    String fingerprint = fingerprint(agentId, request.raw("message"));
    if (taskId == null) {
      CreateTask create = new CreateTask(caller, agentId, title(parts, caller), null, Priority.NORMAL, null, metadata,
          parts, contextId);
      return once(caller, messageId, fingerprint, create).compose(stored -> task(caller, agentId,
          Json.readStored(stored.body()).path("task_id").asText())
          .compose(task -> withPushConfig(caller, agentId, request, stored, task)));
    }
    return task(caller, agentId, taskId).compose(task -> {
      if (contextId != null && !contextId.equals(task.contextId())) {
        throw A2aError.invalidParams("'message.contextId' '" + contextId + "' is not the context of task '" + taskId
            + "' ('" + task.contextId() + "')");
      }
      if (task.status().isTerminal()) {
        throw A2aError.unsupportedOperation("task '" + taskId + "' is " + A2aJson.state(task.status())
            + " and takes no more messages");
      }
      return once(caller, messageId, fingerprint, new SendMessage(caller, taskId, null, parts, null, metadata))
          .compose(stored -> task(caller, agentId, taskId)
              .compose(sent -> withPushConfig(caller, agentId, request, stored, sent)));
    });
  }

  /** {@code GetTask}. */
  Future<JsonNode> getTask(Agent caller, String agentId, Fields request) {
    String taskId = request.requiredText("id", 128);
    Integer historyLength = historyLength(request.optionalInt("historyLength"));
    return task(caller, agentId, taskId).map(task -> A2aJson.task(task, historyLength, true));
  }

  /**
   * {@code ListTasks}: the tasks addressed to the agent that the caller may read, newest first, and how many
   * there are on all pages together ({@code totalSize}).
   */
  Future<JsonNode> listTasks(Agent caller, String agentId, Fields request) {
    Integer size = request.optionalInt("pageSize");
    if (size != null && (size < 1 || size > MAX_PAGE_SIZE)) {
      throw A2aError.invalidParams("'pageSize' must be 1-" + MAX_PAGE_SIZE + " (got " + size + ")");
    }
    int pageSize = size == null ? DEFAULT_PAGE_SIZE : size;
    String state = request.optionalText("status", 40);
    TaskStatus status = state == null || state.equals("TASK_STATE_UNSPECIFIED") ? null : relayStatus(state);
    String after = request.optionalText("statusTimestampAfter", 64);
    Long since = after == null ? null : Times.parse(after).orElseThrow(() -> A2aError.invalidParams(
        "'statusTimestampAfter' must be an RFC 3339 timestamp (got '" + after + "')"));
    String token = request.optionalText("pageToken", 256);
    Long cursor = token == null || token.isEmpty() ? null : Cursors.decode(token);
    String contextId = request.optionalText("contextId", 128);
    Integer historyLength = historyLength(request.optionalInt("historyLength"));
    Boolean artifacts = request.optionalBoolean("includeArtifacts");
    boolean includeArtifacts = artifacts != null && artifacts;
    ListTasks list = new ListTasks(caller, agentId, null, status, since, contextId, cursor, pageSize);
    Future<Long> total = store.read(list.total());
    return store.read(list).compose(page -> {
      List<Future<Task>> threads = new ArrayList<>();
      page.tasks().forEach(task -> threads.add(store.read(new GetTask(caller, task.taskId()))));
      return Future.all(Future.all(threads), total).map(all -> {
        ObjectNode answer = Json.object();
        ArrayNode tasks = answer.putArray("tasks");
        threads.forEach(thread -> tasks.add(A2aJson.task(thread.result(), historyLength, includeArtifacts)));
        answer.put("nextPageToken", page.nextCursor() == null ? "" : page.nextCursor());
        answer.put("pageSize", pageSize).put("totalSize", total.result());
        return (JsonNode) answer;
      });
    }).recover(A2aOperations::asA2a);
  }

  /** {@code CancelTask}: the caller's cancel, as REST's {@code PUT /tasks/{id}} with status cancelled. */
  Future<JsonNode> cancelTask(Agent caller, String agentId, Fields request) {
    String taskId = request.requiredText("id", 128);
    return task(caller, agentId, taskId).compose(task -> {
      if (!task.status().canMoveTo(TaskStatus.CANCELLED)) {
        throw A2aError.taskNotCancelable(taskId, A2aJson.state(task.status()));
      }
      return store.write(new UpdateTask(caller, taskId, TaskStatus.CANCELLED, null))
          .recover(failure -> failure instanceof RelayException relay && relay.failure() == Failure.CONFLICT
              ? Future.failedFuture(A2aError.taskNotCancelable(taskId, "no longer cancelable"))
              : asA2a(failure))
          .compose(moved -> task(caller, agentId, taskId));
    }).map(task -> (JsonNode) A2aJson.task(task, null, true));
  }

  /**
   * The task with its thread, if the caller may read it and it belongs to {@code agentId}; TaskNotFoundError
   * otherwise, so that no one learns of tasks they may not see.
   */
  Future<Task> task(Agent caller, String agentId, String taskId) {
    return store.read(new GetTask(caller, taskId)).recover(failure -> {
      if (failure instanceof RelayException relay && (relay.failure() == Failure.FORBIDDEN
          || relay.failure() == Failure.NOT_FOUND)) {
        return Future.failedFuture(A2aError.taskNotFound(taskId));
      }
      return asA2a(failure);
    }).map(task -> {
      if (!task.isParty(agentId)) {
        throw A2aError.taskNotFound(taskId);
      }
      return task;
    });
  }

  /**
   * Waits until the task is terminal or needs input, at most {@link #BLOCKING_WAIT_MILLIS}, on the bus: the
   * watch starts before the second read, so no move falls between them. A task that already needed input (the
   * message answered it) waits for the agent's next move.
   */
  private Future<Task> settle(Agent caller, Task sent) {
    if (settledSince(sent, sent)) {
      return Future.succeededFuture(sent);
    }
    Promise<Task> done = Promise.promise();
    String agentId = sent.toAgent();
    return TaskWatch.open(vertx, sent, item -> {
      JsonNode moved = item.path("task").path("status");
      if (item.path("event").asText().equals("task.updated") && moved.isTextual()
          && settled(TaskStatus.parse("status", moved.asText()))) {
        task(caller, agentId, sent.taskId()).onSuccess(done::tryComplete).onFailure(done::tryFail);
      }
    }).compose(watch -> {
      long timer = vertx.setTimer(BLOCKING_WAIT_MILLIS,
          t -> task(caller, agentId, sent.taskId()).onSuccess(done::tryComplete).onFailure(done::tryFail));
      task(caller, agentId, sent.taskId()).onSuccess(now -> {
        if (settledSince(sent, now)) {
          done.tryComplete(now);
        }
      }).onFailure(done::tryFail);
      return done.future().onComplete(end -> {
        vertx.cancelTimer(timer);
        watch.close();
      });
    });
  }

  /** Terminal, or needing input by a move made after the message was sent. */
  private static boolean settledSince(Task sent, Task now) {
    return now.status().isTerminal() || now.status() == TaskStatus.INPUT_NEEDED
        && (sent.status() != TaskStatus.INPUT_NEEDED || !now.updatedAt().equals(sent.updatedAt()));
  }

  private static boolean settled(TaskStatus status) {
    return status.isTerminal() || status == TaskStatus.INPUT_NEEDED;
  }

  private Future<StoredResponse> once(Agent caller, String messageId, String fingerprint, WriteCommand<?> command) {
    return store.write(new Idempotent(caller.agentId(), IDEMPOTENCY_PREFIX + messageId, fingerprint, 200, command))
        .recover(A2aOperations::asA2a);
  }

  /**
   * The push config that SendMessage's {@code configuration.taskPushNotificationConfig} (0.3:
   * {@code pushNotificationConfig}) sets, once: a replayed send sets none again.
   */
  private Future<Task> withPushConfig(Agent caller, String agentId, Fields request, StoredResponse stored,
      Task task) {
    Fields configuration = request.optionalFields("configuration");
    Fields config = configuration == null ? null : configuration.optionalFields("taskPushNotificationConfig");
    if (config == null && configuration != null) {
      config = configuration.optionalFields("pushNotificationConfig");
    }
    if (config == null || stored.replayed()) {
      return Future.succeededFuture(task);
    }
    return push.create(caller, agentId, task.taskId(), config).map(created -> task);
  }

  static TaskStatus relayStatus(String state) {
    for (TaskStatus status : TaskStatus.values()) {
      if (status != TaskStatus.ACCEPTED && A2aJson.state(status).equals(state)) {
        return status;
      }
    }
    throw A2aError.invalidParams("'status' must be a TaskState the relay has: TASK_STATE_SUBMITTED, "
        + "TASK_STATE_WORKING, TASK_STATE_INPUT_REQUIRED, TASK_STATE_COMPLETED, TASK_STATE_FAILED, "
        + "TASK_STATE_CANCELED or TASK_STATE_REJECTED (got '" + state + "')");
  }

  static Integer historyLength(Integer historyLength) {
    if (historyLength != null && historyLength < 0) {
      throw A2aError.invalidParams("'historyLength' must be 0 or more (got " + historyLength + ")");
    }
    return historyLength;
  }

  private static String title(List<Part> parts, Agent caller) {
    String text = parts.stream().filter(part -> Part.TEXT.equals(part.kind())).map(Part::text)
        .filter(t -> !t.isBlank()).findFirst().orElse("A2A message from " + caller.agentId()).strip();
    return text.length() <= MAX_TITLE ? text : text.substring(0, MAX_TITLE);
  }

  /** The agent and the message: a retry with the same messageId must carry the same message to be a replay. */
  private static String fingerprint(String agentId, JsonNode message) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(("A2A SendMessage " + agentId + "\n" + message).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static <T> Future<T> asA2a(Throwable failure) {
    return Future.failedFuture(A2aError.from(failure));
  }

  /** The parts of {@code SendMessageConfiguration} the relay acts on. */
  record SendOptions(boolean returnImmediately, Integer historyLength) {

    static SendOptions of(Fields request) {
      Fields configuration = request.optionalFields("configuration");
      if (configuration == null) {
        return new SendOptions(false, null);
      }
      Boolean immediately = configuration.optionalBoolean("returnImmediately");
      Boolean blocking = configuration.optionalBoolean("blocking");
      boolean returnImmediately = immediately != null ? immediately : blocking != null && !blocking;
      return new SendOptions(returnImmediately, A2aOperations.historyLength(configuration.optionalInt("historyLength")));
    }
  }
}
