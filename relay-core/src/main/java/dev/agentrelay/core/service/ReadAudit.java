package dev.agentrelay.core.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.agentrelay.core.bus.AuditFilter;
import dev.agentrelay.core.model.AuditEntry;
import dev.agentrelay.core.store.AuditStore;
import dev.agentrelay.core.store.ReadContext;
import dev.agentrelay.core.bus.StoreQuery;
import io.vertx.core.Future;
import java.util.List;

/** The audit log, oldest first, for tier-1 agents. */
public record ReadAudit(AuditFilter filter) implements StoreQuery<ReadAudit.Page> {

  /** The answer: entries and the cursor for the next page (null on the last). */
  public record Page(@JsonProperty("entries") List<AuditEntry> entries,
      @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("next_cursor") String nextCursor) {
  }

  @Override
  public Future<Page> run(ReadContext reads) {
    return AuditStore.list(reads.pool(), filter)
        .map(page -> new Page(page.entries(), Cursors.encode(page.nextAfterEntry())));
  }
}
