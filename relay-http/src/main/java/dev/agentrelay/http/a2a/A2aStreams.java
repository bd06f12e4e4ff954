package dev.agentrelay.http.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.a2a.A2aJson;
import dev.agentrelay.core.json.Fields;
import dev.agentrelay.core.model.Agent;
import dev.agentrelay.http.StreamSlots;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * {@code SendStreamingMessage} and {@code SubscribeToTask}: an SSE stream of the task, once it is known. Each
 * stream holds one of its caller's stream slots ({@code RELAY_SSE_MAX_STREAMS_PER_AGENT}, shared with the inbox
 * and {@code /mcp} streams) from before the request acts until the stream ends; over the limit the request fails
 * with {@code too_many_streams} (429) and changes nothing.
 */
final class A2aStreams {

  private final Vertx vertx;
  private final A2aOperations operations;
  private final StreamSlots slots;

  A2aStreams(Vertx vertx, A2aOperations operations, StreamSlots slots) {
    this.vertx = vertx;
    this.operations = operations;
    this.slots = slots;
  }

  /** Sends like SendMessage, then streams the task; fails (nothing written) if the send fails. */
  Future<Void> sendStreaming(RoutingContext ctx, Agent caller, String agentId, Fields request,
      Function<ObjectNode, JsonNode> envelope) {
    return holdingSlot(caller, release -> operations.send(caller, agentId, request).map(task -> {
      A2aStream.start(vertx, ctx.response(), task, envelope, () -> operations.task(caller, agentId, task.taskId()),
          release);
      return null;
    }));
  }

  /** Streams an open task; UnsupportedOperationError for a terminal one. */
  Future<Void> subscribe(RoutingContext ctx, Agent caller, String agentId, Fields request,
      Function<ObjectNode, JsonNode> envelope) {
    String taskId = request.requiredText("id", 128);
    return holdingSlot(caller, release -> operations.task(caller, agentId, taskId).map(task -> {
      if (task.status().isTerminal()) {
        throw A2aError.unsupportedOperation("task '" + taskId + "' is " + A2aJson.state(task.status())
            + "; a terminal task has no updates to subscribe to");
      }
      A2aStream.start(vertx, ctx.response(), task, envelope, () -> operations.task(caller, agentId, taskId),
          release);
      return null;
    }));
  }

  /**
   * Runs {@code work} with a slot of the caller's taken and a way to give it back once; gives it back itself when
   * {@code work} fails, since no stream then started.
   */
  private Future<Void> holdingSlot(Agent caller, Function<Runnable, Future<Void>> work) {
    try {
      slots.take(caller.agentId());
    } catch (RelayException full) {
      return Future.failedFuture(full);
    }
    AtomicBoolean held = new AtomicBoolean(true);
    Runnable release = () -> {
      if (held.getAndSet(false)) {
        slots.release(caller.agentId());
      }
    };
    Future<Void> started;
    try {
      started = work.apply(release);
    } catch (RuntimeException failure) {
      release.run();
      throw failure;
    }
    return started.onFailure(failure -> release.run());
  }
}
