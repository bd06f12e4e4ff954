package dev.agentrelay.core.service;

import dev.agentrelay.core.store.DeliveryStore;
import dev.agentrelay.core.store.ReadContext;
import dev.agentrelay.core.bus.StoreQuery;
import dev.agentrelay.core.bus.WebhookTarget;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/** The next unacknowledged deliveries of a webhook agent after {@code after}, with its current target. */
public record WebhookBacklog(String agentId, long after, int limit) implements StoreQuery<WebhookBacklog.Backlog> {

  /** What to post where; no target when the agent is gone or no longer reached by webhook. */
  public record Backlog(Optional<WebhookTarget> target, List<DeliveryStore.StoredItem> items) {
  }

  @Override
  public Future<Backlog> run(ReadContext reads) {
    Optional<WebhookTarget> target = reads.agents().account(agentId).flatMap(WebhookTarget::of);
    if (target.isEmpty()) {
      return Future.succeededFuture(new Backlog(target, List.of()));
    }
    return DeliveryStore.page(reads, agentId, after, null, limit).map(items -> new Backlog(target, items));
  }
}
