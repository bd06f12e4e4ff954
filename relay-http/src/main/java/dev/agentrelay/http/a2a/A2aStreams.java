package dev.agentrelay.http.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.json.Fields;
import dev.agentrelay.core.model.Agent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/** {@code SendStreamingMessage} and {@code SubscribeToTask}: an SSE stream of the task, once it is known. */
final class A2aStreams {

  private final Vertx vertx;
  private final A2aOperations operations;

  A2aStreams(Vertx vertx, A2aOperations operations) {
    this.vertx = vertx;
    this.operations = operations;
  }

  /** Sends like SendMessage, then streams the task; fails (nothing written) if the send fails. */
  Future<Void> sendStreaming(RoutingContext ctx, Agent caller, String agentId, Fields request,
      Function<ObjectNode, JsonNode> envelope) {
    return operations.send(caller, agentId, request).map(task -> {
      A2aStream.start(vertx, ctx.response(), task, envelope, () -> operations.task(caller, agentId, task.taskId()));
      return null;
    });
  }

  /** Streams an open task; UnsupportedOperationError for a terminal one. */
  Future<Void> subscribe(RoutingContext ctx, Agent caller, String agentId, Fields request,
      Function<ObjectNode, JsonNode> envelope) {
    String taskId = request.requiredText("id", 128);
    return operations.task(caller, agentId, taskId).map(task -> {
      if (task.status().isTerminal()) {
        throw A2aError.unsupportedOperation("task '" + taskId + "' is " + A2aJson.state(task.status())
            + "; a terminal task has no updates to subscribe to");
      }
      A2aStream.start(vertx, ctx.response(), task, envelope, () -> operations.task(caller, agentId, taskId));
      return null;
    });
  }
}
