package dev.agentrelay.core.bus;

import dev.agentrelay.core.store.ReadContext;
import io.vertx.core.Future;

/**
 * One read the store verticle runs on its reader pool. Like {@link WriteCommand}, it runs against the store's
 * {@link ReadContext}, on SQLite or PostgreSQL alike.
 *
 * @param <R> the answer
 */
@FunctionalInterface
public interface StoreQuery<R> {

  Future<R> run(ReadContext reads);
}
