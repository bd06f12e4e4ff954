package dev.agentrelay.http.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.a2a.A2aEvents;
import dev.agentrelay.core.a2a.A2aJson;
import dev.agentrelay.core.a2a.TaskWatch;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Task;
import dev.agentrelay.core.model.TaskStatus;
import dev.agentrelay.http.EventStreams;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import java.util.function.Function;

/**
 * One SSE stream of a task: the Task first, then a {@code statusUpdate} for each move (and for each message in
 * its thread, as the status message) and an {@code artifactUpdate} for each artifact, closing once the task is
 * terminal. {@code envelope} wraps each StreamResponse for the binding (JSON-RPC adds its response object).
 */
final class A2aStream {

  static final long KEEP_ALIVE_MILLIS = 15_000;

  private final Vertx vertx;
  private final HttpServerResponse response;
  private final Function<ObjectNode, JsonNode> envelope;
  private final Runnable ended;
  private Task current;
  private TaskWatch watch;
  private long keepAlive = -1;
  private boolean closed;
  /** Items that came before the snapshot was written; sent after it, in order. */
  private java.util.List<JsonNode> early = new java.util.ArrayList<>();

  private A2aStream(Vertx vertx, HttpServerResponse response, Function<ObjectNode, JsonNode> envelope,
      Runnable ended) {
    this.vertx = vertx;
    this.response = response;
    this.envelope = envelope;
    this.ended = ended;
  }

  /**
   * Starts the stream of {@code task}. The watch starts before {@code reread} reads the task again, so nothing
   * falls between the snapshot and the live events. {@code ended} runs once, when the stream ends for any reason.
   */
  static void start(Vertx vertx, HttpServerResponse response, Task task, Function<ObjectNode, JsonNode> envelope,
      java.util.function.Supplier<io.vertx.core.Future<Task>> reread, Runnable ended) {
    A2aStream stream = new A2aStream(vertx, response, envelope, ended);
    stream.current = task;
    EventStreams.start(response);
    response.closeHandler(v -> stream.close());
    TaskWatch.open(vertx, task, stream::onItem).onSuccess(watch -> {
      stream.watch = watch;
      if (stream.closed) {
        watch.close();
        return;
      }
      reread.get().onSuccess(now -> {
        stream.current = now;
        stream.write(A2aJson.wrap("task", A2aJson.task(now, null, true)));
        java.util.List<JsonNode> waiting = stream.early;
        stream.early = null;
        stream.endIfTerminal();
        waiting.forEach(stream::onItem);
      }).onFailure(failure -> stream.end());
      stream.keepAlive = vertx.setPeriodic(KEEP_ALIVE_MILLIS, t -> {
        if (!stream.closed) {
          response.write(": keep-alive\n\n");
        }
      });
    }).onFailure(failure -> stream.end());
  }

  private void onItem(JsonNode item) {
    if (closed) {
      return;
    }
    if (early != null) {
      early.add(item);
      return;
    }
    current = A2aEvents.taskOf(item, current);
    A2aEvents.of(item, current).ifPresent(this::write);
    if (item.path("event").asText().equals("task.updated")) {
      endIfTerminal();
    }
  }

  private void write(ObjectNode streamResponse) {
    if (!closed) {
      response.write("data: " + Json.write(envelope.apply(streamResponse)) + "\n\n");
    }
  }

  private void endIfTerminal() {
    TaskStatus status = current.status();
    if (status.isTerminal()) {
      end();
    }
  }

  private void end() {
    if (!closed) {
      close();
      response.end();
    }
  }

  private void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (keepAlive >= 0) {
      vertx.cancelTimer(keepAlive);
    }
    if (watch != null) {
      watch.close();
    }
    ended.run();
  }
}
