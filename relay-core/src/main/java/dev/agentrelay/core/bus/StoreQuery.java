package dev.agentrelay.core.bus;

import dev.agentrelay.core.store.ReadContext;
import io.vertx.core.Future;

/**
 * One read the store verticle runs on its reader pool. Like {@link WriteCommand}, it still runs against the
 * SQLite store's {@link ReadContext}, until a second store brings storage interfaces.
 *
 * @param <R> the answer
 */
@FunctionalInterface
public interface StoreQuery<R> {

  Future<R> run(ReadContext reads);
}
