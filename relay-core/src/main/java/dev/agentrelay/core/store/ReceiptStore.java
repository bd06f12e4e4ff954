package dev.agentrelay.core.store;

import dev.agentrelay.core.bus.ReceiptFilter;
import dev.agentrelay.core.model.Ids;
import dev.agentrelay.core.model.Receipt;
import dev.agentrelay.core.model.Times;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Receipts, read from the deliveries table: one row per delivery, for as long as it is retained. */
public final class ReceiptStore {

  static final String COLUMNS = "SELECT seq, delivery_id, agent_id, event, from_agent, task_id, created_at,"
      + " first_delivered_at, delivered_via, acked_at, deliver_at, expires_at, waiting, expired FROM deliveries";
  private static final String BY_SEQ = COLUMNS + " WHERE seq = ? AND delivery_id = ?";
  // IDs made before they carried their seq (schema 4 and older) are looked up while they are pending
  private static final String BY_LEGACY_ID = COLUMNS
      + " WHERE seq = (SELECT seq FROM legacy_delivery_ids WHERE delivery_id = ?)";
  // a scheduled delivery moved to a new seq when it became due; its ID still names the seq of its send
  private static final String BY_MOVED_ID = COLUMNS
      + " WHERE seq = (SELECT seq FROM moved_deliveries WHERE delivery_id = ?) AND delivery_id = ?";

  private ReceiptStore() {
  }

  public static Future<Optional<Receipt>> find(Pool pool, String deliveryId) {
    OptionalLong seq = Ids.deliverySeq(deliveryId);
    Future<Optional<Receipt>> bySeq = seq.isPresent()
        ? Reads.one(pool, BY_SEQ, ReceiptStore::map, seq.getAsLong(), deliveryId)
        : Future.succeededFuture(Optional.empty());
    return bySeq.compose(found -> found.isPresent() ? Future.succeededFuture(found)
        : Reads.one(pool, BY_LEGACY_ID, ReceiptStore::map, deliveryId))
        .compose(found -> found.isPresent() ? Future.succeededFuture(found)
            : Reads.one(pool, BY_MOVED_ID, ReceiptStore::map, deliveryId, deliveryId));
  }

  /**
   * Up to {@code limit} receipts of deliveries {@code filter.fromAgent()} made, newest (highest seq) first.
   * Walks the table from its end: no index on the sender, which every send would pay for in each commit.
   */
  public static Future<List<Receipt>> sent(Pool pool, ReceiptFilter filter, int limit) {
    StringBuilder sql = new StringBuilder(COLUMNS).append(" WHERE from_agent = ?");
    List<Object> params = new ArrayList<>();
    params.add(filter.fromAgent());
    if (filter.toAgent() != null) {
      sql.append(" AND agent_id = ?");
      params.add(filter.toAgent());
    }
    if (filter.taskId() != null) {
      sql.append(" AND task_id = ?");
      params.add(filter.taskId());
    }
    if (filter.sinceMillis() != null) {
      sql.append(" AND created_at >= ?");
      params.add(filter.sinceMillis());
    }
    if (filter.beforeSeq() != null) {
      sql.append(" AND seq < ?");
      params.add(filter.beforeSeq());
    }
    if (filter.state() != null) {
      sql.append(stateCondition(filter.state()));
      if (filter.state().equals(Receipt.QUEUED) || filter.state().equals(Receipt.DELIVERED)
          || filter.state().equals(Receipt.EXPIRED)) {
        params.add(System.currentTimeMillis());
      }
    }
    sql.append(" ORDER BY seq DESC LIMIT ?");
    params.add(limit);
    return Reads.list(pool, sql.toString(), ReceiptStore::map, params.toArray());
  }

  // an item past its expiry is expired even before the store's timer has marked it so
  private static String stateCondition(String state) {
    return switch (state) {
      case Receipt.SCHEDULED -> " AND waiting = 1";
      case Receipt.QUEUED -> DeliveryStore.IN_INBOX + " AND first_delivered_at IS NULL";
      case Receipt.DELIVERED -> DeliveryStore.IN_INBOX + " AND first_delivered_at IS NOT NULL";
      case Receipt.ACKED -> " AND acked_at IS NOT NULL AND expired IS NULL";
      case Receipt.EXPIRED -> " AND (expired = 1 OR (acked_at IS NULL AND expires_at <= ?))";
      default -> " AND 1 = 0";
    };
  }

  static Receipt map(Columns c) {
    return map(c, System.currentTimeMillis());
  }

  /** The receipt of the row {@code c} is on, as it stands at {@code nowMillis}. */
  static Receipt map(Columns c, long nowMillis) {
    Long firstDelivered = c.nullableLong("first_delivered_at");
    Long acked = c.nullableLong("acked_at");
    Long expiresAt = c.nullableLong("expires_at");
    boolean waiting = c.nullableLong("waiting") != null;
    boolean expired = c.nullableLong("expired") != null
        || acked == null && expiresAt != null && expiresAt <= nowMillis;
    String state = expired ? Receipt.EXPIRED : waiting ? Receipt.SCHEDULED : acked != null ? Receipt.ACKED
        : firstDelivered != null ? Receipt.DELIVERED : Receipt.QUEUED;
    return new Receipt(c.text("delivery_id"), waiting ? null : c.number("seq"), c.text("event"),
        c.text("from_agent"), c.text("agent_id"), c.text("task_id"), state, Times.format(c.number("created_at")),
        Times.formatNullable(c.nullableLong("deliver_at")), Times.formatNullable(expiresAt),
        Times.formatNullable(firstDelivered), c.text("delivered_via"),
        expired ? null : Times.formatNullable(acked));
  }
}
