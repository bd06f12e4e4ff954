package dev.agentrelay.core.store;

import io.vertx.core.Future;

/**
 * One read the store verticle runs on its reader pool.
 *
 * @param <R> the answer
 */
@FunctionalInterface
public interface StoreQuery<R> {

  Future<R> run(ReadContext reads);
}
