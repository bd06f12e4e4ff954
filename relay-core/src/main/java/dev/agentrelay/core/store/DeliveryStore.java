package dev.agentrelay.core.store;

import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Artifact;
import dev.agentrelay.core.model.EventType;
import dev.agentrelay.core.model.Ids;
import dev.agentrelay.core.model.InboxItem;
import dev.agentrelay.core.model.Message;
import dev.agentrelay.core.model.Task;
import dev.agentrelay.core.model.Times;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The deliveries table: every event addressed to an agent, with the relay-wide {@code seq}, kept until
 * the agent acknowledges it. Each row stores the InboxItem as it will be served.
 */
public final class DeliveryStore {

  private static final String INSERT = "INSERT INTO deliveries"
      + " (seq, delivery_id, agent_id, event, from_agent, task_id, item, created_at) VALUES (?,?,?,?,?,?,?,?)";
  private static final String ACK_ONE = "UPDATE deliveries SET acked_at = ?"
      + " WHERE delivery_id = ? AND agent_id = ? AND acked_at IS NULL";
  private static final String ACK_UP_TO = "UPDATE deliveries SET acked_at = ?"
      + " WHERE agent_id = ? AND acked_at IS NULL AND seq <= ?";
  private static final String PAGE = "SELECT seq, event, item FROM deliveries"
      + " WHERE agent_id = ? AND acked_at IS NULL AND seq > ? ORDER BY seq LIMIT ?";
  private static final String PAGE_FROM = "SELECT seq, event, item FROM deliveries"
      + " WHERE agent_id = ? AND acked_at IS NULL AND seq > ? AND from_agent = ? ORDER BY seq LIMIT ?";
  private static final String ACKED = "SELECT count(*) AS n FROM deliveries WHERE acked_at IS NOT NULL";

  private DeliveryStore() {
  }

  /** One stored item: its seq, its event name and its InboxItem JSON. */
  public record StoredItem(long seq, String event, String json) {
  }

  static long nextSeq(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT coalesce(max(seq), 0) + 1 FROM deliveries")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  static void loadPending(Connection connection, PendingCounts pending) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(
            "SELECT agent_id, count(*) FROM deliveries WHERE acked_at IS NULL GROUP BY agent_id")) {
      while (rows.next()) {
        pending.add(rows.getString(1), rows.getLong(2));
      }
    }
  }

  /** A delivery made: whom it went to, under which id and seq (for the audit row of the send). */
  public record Delivered(String agentId, String deliveryId, long seq) {
  }

  /**
   * Queues one event for {@code agentId}: the delivery row, and the event published after commit. The send
   * that makes it audits it (see {@link Deliveries}).
   */
  public static Delivered deliver(WriteContext tx, String agentId, EventType event, String fromAgent, String taskId,
      Task task, Message message, Artifact artifact) throws SQLException {
    long seq = tx.allocateSeq();
    String deliveryId = Ids.next(Ids.DELIVERY, tx.now());
    InboxItem item = new InboxItem(deliveryId, seq, event, fromAgent, taskId, Times.format(tx.now()), task, message,
        artifact);
    String json = Json.write(item);
    tx.update(INSERT, seq, deliveryId, agentId, event.wire(), fromAgent, taskId, json, tx.now());
    WebhookTarget webhook = tx.agent(agentId).flatMap(WebhookTarget::of).orElse(null);
    tx.delivered(new DeliveryEvent(agentId, seq, deliveryId, event, fromAgent, json, webhook));
    return new Delivered(agentId, deliveryId, seq);
  }

  /** Acknowledges the named deliveries of {@code agentId}; unknown or already acked ids count nothing. */
  public static int ack(WriteContext tx, String agentId, List<String> deliveryIds) throws SQLException {
    int acked = 0;
    for (String deliveryId : deliveryIds) {
      acked += tx.update(ACK_ONE, tx.now(), deliveryId, agentId);
    }
    tx.acknowledged(agentId, acked);
    return acked;
  }

  /** Acknowledges every delivery of {@code agentId} up to and including {@code seq}. */
  public static int ackUpTo(WriteContext tx, String agentId, long seq) throws SQLException {
    int acked = tx.update(ACK_UP_TO, tx.now(), agentId, seq);
    tx.acknowledged(agentId, acked);
    return acked;
  }

  /** Up to {@code limit} unacknowledged items after {@code afterSeq}, oldest first. */
  public static Future<List<StoredItem>> page(Pool pool, String agentId, long afterSeq, String from, int limit) {
    Future<List<StoredItem>> rows = from == null
        ? Reads.list(pool, PAGE, DeliveryStore::map, agentId, afterSeq, limit)
        : Reads.list(pool, PAGE_FROM, DeliveryStore::map, agentId, afterSeq, from, limit);
    return rows.map(ArrayList::new);
  }

  public static Future<Long> ackedCount(Pool pool) {
    return Reads.count(pool, ACKED);
  }

  private static StoredItem map(Columns c) {
    return new StoredItem(c.number("seq"), c.text("event"), c.text("item"));
  }
}
