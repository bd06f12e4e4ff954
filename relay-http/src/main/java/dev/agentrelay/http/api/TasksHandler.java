package dev.agentrelay.http.api;

import dev.agentrelay.core.bus.StoreClient;
import dev.agentrelay.core.model.TaskStatus;
import dev.agentrelay.core.service.AttachArtifact;
import dev.agentrelay.core.service.CreateTask;
import dev.agentrelay.core.service.Cursors;
import dev.agentrelay.core.service.GetTask;
import dev.agentrelay.core.service.ListTasks;
import dev.agentrelay.core.service.UpdateTask;
import dev.agentrelay.core.service.WithDeliveries;
import io.vertx.ext.web.RoutingContext;

/** {@code /api/v1/tasks}: creating, listing, reading and moving tasks, and attaching artifacts to them;
 * every change that reaches an inbox lists its deliveries in the answer. */
final class TasksHandler {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 200;

  private final StoreClient store;
  private final Creations creations;

  TasksHandler(StoreClient store, Creations creations) {
    this.store = store;
    this.creations = creations;
  }

  void create(RoutingContext ctx) {
    creations.create(ctx, SendTerms.withDeliveries(ctx, CreateTask.parse(Requests.actor(ctx), Requests.body(ctx))));
  }

  void list(RoutingContext ctx) {
    QueryParams query = new QueryParams(ctx);
    String status = query.text("status", 32);
    ListTasks list = new ListTasks(Requests.actor(ctx), query.text("to", 64), query.text("from", 64),
        status == null ? null : TaskStatus.parse("status", status), query.timestamp("since"),
        null, Cursors.decode(query.text("cursor", 256)), query.limit(DEFAULT_LIMIT, MAX_LIMIT));
    store.read(list).onSuccess(page -> Responses.json(ctx, 200, page)).onFailure(ctx::fail);
  }

  void get(RoutingContext ctx) {
    store.read(new GetTask(Requests.actor(ctx), ctx.pathParam("id")))
        .onSuccess(task -> Responses.json(ctx, 200, task))
        .onFailure(ctx::fail);
  }

  void update(RoutingContext ctx) {
    store.write(SendTerms.withDeliveries(ctx, UpdateTask.parse(Requests.actor(ctx), ctx.pathParam("id"), Requests.body(ctx))))
        .onSuccess(task -> Responses.json(ctx, 200, task))
        .onFailure(ctx::fail);
  }

  void attachArtifact(RoutingContext ctx) {
    creations.create(ctx,
        SendTerms.withDeliveries(ctx, AttachArtifact.parse(Requests.actor(ctx), ctx.pathParam("id"), Requests.body(ctx))));
  }
}
