package dev.agentrelay.core.bus;

import dev.agentrelay.core.store.WriteContext;

/**
 * One write the store verticle runs inside a group-committed batch. Implementations check first and
 * write after: a {@link dev.agentrelay.core.RelayException} thrown after a write makes the store undo the
 * batch and run its commands one by one, so that no half-applied command is ever committed.
 *
 * <p>The one place where the contract still names the store: a command runs against the SQLite store's
 * {@link WriteContext}. A second store brings storage interfaces for the commands to run against instead.
 * Implementations may narrow {@code throws} to what their storage throws ({@code SQLException} today).
 *
 * @param <R> what the caller gets once the batch is on disk
 */
@FunctionalInterface
public interface WriteCommand<R> {

  R apply(WriteContext tx) throws Exception;
}
