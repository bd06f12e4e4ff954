package dev.agentrelay.core.service;

import dev.agentrelay.core.store.DeliveryStore;
import dev.agentrelay.core.store.ReadContext;
import dev.agentrelay.core.bus.StoreQuery;
import io.vertx.core.Future;
import java.util.List;

/** Up to {@code limit} unacknowledged items after {@code after}, with their event names, for streams. */
public record ReplayInbox(String agentId, long after, int limit) implements StoreQuery<List<DeliveryStore.StoredItem>> {

  @Override
  public Future<List<DeliveryStore.StoredItem>> run(ReadContext reads) {
    return DeliveryStore.page(reads, agentId, after, null, limit);
  }
}
