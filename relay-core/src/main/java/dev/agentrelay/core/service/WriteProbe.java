package dev.agentrelay.core.service;

import dev.agentrelay.core.bus.WriteCommand;
import dev.agentrelay.core.store.Maintenance;
import dev.agentrelay.core.store.WriteContext;
import java.sql.SQLException;

/** A real write through the group commit, to prove the store takes writes (for {@code /health}); true when it did. */
public record WriteProbe() implements WriteCommand<Boolean> {

  @Override
  public Boolean apply(WriteContext tx) throws SQLException {
    return Maintenance.probe(tx);
  }
}
