package dev.agentrelay.core.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.bus.WriteCommand;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.EventType;
import dev.agentrelay.core.model.Ids;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * One pass of the store's timer ({@link DeliveryClock}): scheduled deliveries whose time has come enter the
 * inbox under a fresh seq and are published like a new send, so every reader meets them in seq order;
 * deliveries past their expiry leave it ({@code expired}, settled like an acknowledgement). Each pass handles
 * at most {@link #PASS_ROWS} of each and answers when the next one is due.
 */
final class DueDeliveries {

  static final int PASS_ROWS = 500;

  private static final String DUE = "SELECT seq, delivery_id, agent_id, event, from_agent, item, deliver_at,"
      + " expires_at FROM deliveries WHERE waiting = 1 AND deliver_at <= ? ORDER BY deliver_at LIMIT ?";
  private static final String MOVE = "UPDATE deliveries SET seq = ?, item = ?, waiting = NULL WHERE seq = ?";
  private static final String REMEMBER_MOVE = "INSERT INTO moved_deliveries (delivery_id, seq)"
      + " VALUES (?, ?) ON CONFLICT (delivery_id) DO UPDATE SET seq = excluded.seq";
  private static final String EXPIRING = "SELECT seq, agent_id, expires_at, waiting FROM deliveries"
      + " WHERE acked_at IS NULL AND expires_at IS NOT NULL AND expires_at <= ? ORDER BY expires_at LIMIT ?";
  private static final String EXPIRE = "UPDATE deliveries SET acked_at = ?, expired = 1, waiting = NULL"
      + " WHERE seq = ? AND acked_at IS NULL";
  private static final String NEXT_DUE = "SELECT min(deliver_at) AS t FROM deliveries WHERE waiting = 1";
  private static final String NEXT_EXPIRY = "SELECT min(expires_at) AS t FROM deliveries"
      + " WHERE acked_at IS NULL AND expires_at IS NOT NULL";

  private DueDeliveries() {
  }

  /** What a pass did, and when the next one is due ({@code Long.MAX_VALUE}: nothing waits). */
  record Pass(int released, int expired, long nextInstant) {
  }

  static WriteCommand<Pass> pass() {
    return tx -> {
      int released = release(tx);
      int expired = expire(tx);
      long next = Math.min(next(tx, NEXT_DUE), next(tx, NEXT_EXPIRY));
      // a full pass leaves more that is due now: the next pass follows at once
      return new Pass(released, expired, released == PASS_ROWS || expired == PASS_ROWS ? tx.now() : next);
    };
  }

  private static int release(WriteContext tx) throws SQLException {
    record Due(long seq, String deliveryId, String agentId, String event, String fromAgent, String item,
        long deliverAt, Long expiresAt) {
    }
    List<Due> due = tx.list(DUE, c -> new Due(c.number("seq"), c.text("delivery_id"), c.text("agent_id"),
        c.text("event"), c.text("from_agent"), c.text("item"), c.number("deliver_at"), c.nullableLong("expires_at")),
        tx.now(), PASS_ROWS);
    int released = 0;
    for (Due row : due) {
      // one that expired while the relay was down never enters the inbox; the expiry below settles it
      if (row.expiresAt() != null && row.expiresAt() <= tx.now()) {
        continue;
      }
      long seq = tx.allocateSeq();
      ObjectNode item = (ObjectNode) Json.readStored(row.item());
      item.put("seq", seq);
      String json = Json.write(item);
      tx.update(MOVE, seq, json, row.seq());
      tx.update(REMEMBER_MOVE, row.deliveryId(), seq);
      DeliveryStore.entered(tx, row.agentId(), seq, row.deliveryId(), EventType.parse("event", row.event()),
          row.fromAgent(), json, row.deliverAt(), row.expiresAt());
      released++;
    }
    return released;
  }

  private static int expire(WriteContext tx) throws SQLException {
    record Expiring(long seq, String agentId, long expiresAt, boolean waiting) {
    }
    List<Expiring> rows = tx.list(EXPIRING, c -> new Expiring(c.number("seq"), c.text("agent_id"),
        c.number("expires_at"), c.nullableLong("waiting") != null), tx.now(), PASS_ROWS);
    int expired = 0;
    for (Expiring row : rows) {
      if (tx.update(EXPIRE, row.expiresAt(), row.seq()) > 0) {
        if (row.waiting()) {
          tx.totalsChanged().acked(1);
        } else {
          tx.acknowledged(row.agentId(), row.seq());
        }
        Notices.send(tx, row.seq(), DeliveryTerms.EXPIRED);
        expired++;
      }
    }
    return expired;
  }

  /** When the first scheduled or expiring item the store holds is due ({@code Long.MAX_VALUE}: none); at start. */
  static long nextInstant(Connection connection) throws SQLException {
    long next = Long.MAX_VALUE;
    try (Statement statement = connection.createStatement()) {
      for (String sql : List.of(NEXT_DUE, NEXT_EXPIRY)) {
        try (ResultSet rows = statement.executeQuery(sql)) {
          if (rows.next() && rows.getObject(1) != null) {
            next = Math.min(next, rows.getLong(1));
          }
        }
      }
    }
    return next;
  }

  private static long next(WriteContext tx, String sql) throws SQLException {
    return tx.one(sql, c -> {
      Long next = c.nullableLong("t");
      return next == null ? Long.MAX_VALUE : next;
    }).orElse(Long.MAX_VALUE);
  }
}
