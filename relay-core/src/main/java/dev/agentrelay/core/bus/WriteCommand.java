package dev.agentrelay.core.bus;

import dev.agentrelay.core.store.WriteContext;
import java.sql.SQLException;

/**
 * One write the store verticle runs inside a group-committed batch. Implementations check first and
 * write after: a {@link dev.agentrelay.core.RelayException} thrown after a write makes the store undo the
 * batch and run its commands one by one, so that no half-applied command is ever committed.
 *
 * @param <R> what the caller gets once the batch is on disk
 */
@FunctionalInterface
public interface WriteCommand<R> {

  R apply(WriteContext tx) throws SQLException;
}
