package dev.agentrelay.http.api;

import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.bus.ReceiptFilter;
import dev.agentrelay.core.bus.StoreClient;
import dev.agentrelay.core.model.Receipt;
import dev.agentrelay.core.service.Cursors;
import dev.agentrelay.core.service.GetReceipt;
import dev.agentrelay.core.service.ListReceipts;
import io.vertx.ext.web.RoutingContext;

/** {@code /api/v1/deliveries}: receipts of what was put in whose inbox, and how far each got. */
final class DeliveriesHandler {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 200;

  private final StoreClient store;

  DeliveriesHandler(StoreClient store) {
    this.store = store;
  }

  void get(RoutingContext ctx) {
    store.read(new GetReceipt(Requests.actor(ctx), ctx.pathParam("id")))
        .onSuccess(receipt -> Responses.json(ctx, 200, receipt))
        .onFailure(ctx::fail);
  }

  /** The caller's sent deliveries, newest first. */
  void list(RoutingContext ctx) {
    QueryParams query = new QueryParams(ctx);
    String state = query.text("state", 16);
    if (state != null && !Receipt.STATES.contains(state)) {
      throw RelayException.badRequest("query parameter 'state' must be one of " + String.join(", ", Receipt.STATES)
          + " (got '" + state + "')");
    }
    ReceiptFilter filter = new ReceiptFilter(Requests.actor(ctx).agentId(), query.text("to", 64), state,
        query.text("task_id", 128), query.timestamp("since"), Cursors.decode(query.text("cursor", 256)));
    store.read(new ListReceipts(filter, query.limit(DEFAULT_LIMIT, MAX_LIMIT)))
        .onSuccess(page -> Responses.json(ctx, 200, page))
        .onFailure(ctx::fail);
  }
}
