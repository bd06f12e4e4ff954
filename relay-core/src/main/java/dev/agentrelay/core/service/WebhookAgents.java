package dev.agentrelay.core.service;

import dev.agentrelay.core.store.ReadContext;
import dev.agentrelay.core.bus.StoreQuery;
import dev.agentrelay.core.bus.WebhookTarget;
import io.vertx.core.Future;
import java.util.List;

/** The ids of the agents reached by webhook now. */
public record WebhookAgents() implements StoreQuery<List<String>> {

  @Override
  public Future<List<String>> run(ReadContext reads) {
    return Future.succeededFuture(reads.agents().accounts().stream()
        .filter(account -> WebhookTarget.of(account).isPresent())
        .map(account -> account.agentId())
        .sorted()
        .toList());
  }
}
