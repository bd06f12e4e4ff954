package dev.agentrelay.core.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.agentrelay.core.bus.ReceiptFilter;
import dev.agentrelay.core.model.Receipt;
import dev.agentrelay.core.store.ReadContext;
import dev.agentrelay.core.store.ReceiptStore;
import dev.agentrelay.core.bus.StoreQuery;
import io.vertx.core.Future;
import java.util.List;

/** A page of the receipts of the deliveries one agent sent, newest first. */
public record ListReceipts(ReceiptFilter filter, int limit) implements StoreQuery<ListReceipts.Page> {

  /** The answer; {@code next_cursor} is null on the last page. */
  public record Page(@JsonProperty("deliveries") List<Receipt> deliveries,
      @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("next_cursor") String nextCursor) {
  }

  @Override
  public Future<Page> run(ReadContext reads) {
    // one row more than the page tells whether another page follows
    return ReceiptStore.sent(reads.pool(), filter, limit + 1).map(rows -> {
      boolean more = rows.size() > limit;
      List<Receipt> page = more ? rows.subList(0, limit) : rows;
      return new Page(List.copyOf(page), more ? Cursors.encode(page.get(page.size() - 1).seq()) : null);
    });
  }
}
