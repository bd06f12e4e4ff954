package dev.agentrelay.core.bus;

import dev.agentrelay.core.store.WriteContext;

/**
 * One write the store verticle runs inside a group-committed batch. Implementations check first and
 * write after: a {@link dev.agentrelay.core.RelayException} thrown after a write makes the store undo the
 * batch and run its commands one by one, so that no half-applied command is ever committed.
 *
 * <p>The one place where the contract names the store: a command runs against the store's {@link WriteContext}, the
 * writer's transaction on SQLite or PostgreSQL alike (the SQL both accept, see {@code core.store.Dialect}).
 * Implementations may narrow {@code throws} to what the store throws ({@code SQLException}).
 *
 * @param <R> what the caller gets once the batch is on disk
 */
@FunctionalInterface
public interface WriteCommand<R> {

  R apply(WriteContext tx) throws Exception;
}
