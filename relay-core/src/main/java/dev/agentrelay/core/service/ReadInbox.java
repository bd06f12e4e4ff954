package dev.agentrelay.core.service;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.agentrelay.core.store.DeliveryStore;
import dev.agentrelay.core.store.ReadContext;
import dev.agentrelay.core.bus.StoreQuery;
import io.vertx.core.Future;
import java.util.List;

/** One page of an agent's unacknowledged deliveries after {@code after}, in seq order. */
public record ReadInbox(String agentId, long after, String from, int limit) implements StoreQuery<ReadInbox.Page> {

  /**
   * The answer. Items are the stored InboxItem JSON, served as they are.
   *
   * @param nextAfter the last item's seq, or {@code after} when the page is empty
   * @param pending all of the agent's unacknowledged items
   * @param seqs the items' seqs, in the same order (not served: the items carry them)
   */
  public record Page(@JsonProperty("items") List<RawValue> items, @JsonProperty("next_after") long nextAfter,
      @JsonProperty("pending") long pending, @JsonIgnore long[] seqs) {

    public boolean isEmpty() {
      return items.isEmpty();
    }
  }

  @Override
  public Future<Page> run(ReadContext reads) {
    return DeliveryStore.page(reads, agentId, after, from, limit).map(rows -> new Page(
        rows.stream().map(row -> new RawValue(row.json())).toList(),
        rows.isEmpty() ? after : rows.get(rows.size() - 1).seq(),
        reads.pending().of(agentId), rows.stream().mapToLong(DeliveryStore.StoredItem::seq).toArray()));
  }
}
