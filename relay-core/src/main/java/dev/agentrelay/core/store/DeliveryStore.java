package dev.agentrelay.core.store;

import dev.agentrelay.core.bus.DeliveryEvent;
import dev.agentrelay.core.bus.HandOvers;
import dev.agentrelay.core.bus.InboxEntry;
import dev.agentrelay.core.bus.WebhookTarget;
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
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The deliveries table: every event addressed to an agent, with the relay-wide {@code seq}, kept until
 * the agent acknowledges it. Each row stores the InboxItem as it will be served.
 */
public final class DeliveryStore {

  private static final String INSERT = "INSERT INTO deliveries (seq, delivery_id, agent_id, event, from_agent,"
      + " task_id, item, created_at, deliver_at, expires_at, notify, waiting) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)";
  /** In the inbox: neither waiting for its time nor past its expiry (the store's timer may not have run yet). */
  static final String IN_INBOX = " AND acked_at IS NULL AND waiting IS NULL AND (expires_at IS NULL OR expires_at > ?)";
  private static final String IN_INBOX_D = " AND d.acked_at IS NULL AND d.waiting IS NULL"
      + " AND (d.expires_at IS NULL OR d.expires_at > ?)";
  private static final String PENDING = "SELECT seq FROM deliveries"
      + " WHERE seq = ? AND delivery_id = ? AND agent_id = ?" + IN_INBOX;
  // IDs handed out before they carried their seq (schema 4 and older) that were still pending at migration 5
  private static final String PENDING_LEGACY = "SELECT d.seq FROM legacy_delivery_ids l JOIN deliveries d"
      + " ON d.seq = l.seq WHERE l.delivery_id = ? AND d.agent_id = ?" + IN_INBOX_D;
  // scheduled deliveries keep the ID they were given at their send; their seq changed when they became due
  private static final String PENDING_MOVED = "SELECT d.seq FROM moved_deliveries m JOIN deliveries d"
      + " ON d.seq = m.seq WHERE m.delivery_id = ? AND d.agent_id = ?" + IN_INBOX_D;
  private static final String LEGACY_CHUNK = "SELECT count(*) AS n, max(delivery_id) AS last FROM"
      + " (SELECT delivery_id FROM legacy_delivery_ids WHERE delivery_id > ? ORDER BY delivery_id LIMIT ?) chunk";
  private static final String LEGACY_SETTLED = "DELETE FROM legacy_delivery_ids WHERE delivery_id > ?"
      + " AND delivery_id <= ? AND NOT EXISTS"
      + " (SELECT 1 FROM deliveries d WHERE d.seq = legacy_delivery_ids.seq AND d.acked_at IS NULL)";
  // an item past its expiry is never acknowledged, even before the store's timer has marked it expired
  private static final String ACK = "UPDATE deliveries SET acked_at = ? WHERE seq = ? AND acked_at IS NULL"
      + " AND (expires_at IS NULL OR expires_at > ?)";
  // the seqs come from PendingDeliveries as one JSON array: one statement for any page size
  private static final String ROWS = "SELECT seq, event, item, expires_at FROM deliveries"
      + " WHERE seq IN (SELECT value FROM json_each(?))" + IN_INBOX + " ORDER BY seq";
  private static final String ROWS_FROM = "SELECT seq, event, item, expires_at FROM deliveries"
      + " WHERE seq IN (SELECT value FROM json_each(?))" + IN_INBOX + " AND from_agent = ? ORDER BY seq";
  /**
   * Where other nodes write the same database, the page comes from the database's inbox index (agent_id, seq). The
   * agent is named as a range of one value, and the order as (agent_id, seq), so that no other index can give that
   * order: with {@code agent_id = ?} the planner may walk the seq index instead, filtering the agent, which for an
   * agent holding most of the table skips every other agent's pending rows first (100+ ms at 1M).
   */
  static final String ONE_AGENT = "agent_id >= ? AND agent_id <= ?";
  private static final String PAGE = "SELECT seq, event, item, expires_at FROM deliveries"
      + " WHERE " + ONE_AGENT + " AND seq > ?" + IN_INBOX + " ORDER BY agent_id, seq LIMIT ?";
  private static final String PAGE_FROM = "SELECT seq, event, item, expires_at FROM deliveries"
      + " WHERE " + ONE_AGENT + " AND seq > ?" + IN_INBOX + " AND from_agent = ? ORDER BY agent_id, seq LIMIT ?";
  // where the database is a round trip away, a page is acknowledged in one statement: the inbox index (agent_id, seq)
  // finds its rows, and only those that asked for notices are read again
  private static final String ACK_UP_TO = "UPDATE deliveries SET acked_at = ? WHERE " + ONE_AGENT + " AND seq <= ?"
      + IN_INBOX + " RETURNING seq, notify";
  // likewise the named deliveries whose IDs carry their seq: the seqs find the rows, the IDs must match them
  private static final String ACK_IDS = "UPDATE deliveries SET acked_at = ?"
      + " WHERE seq IN (SELECT value::bigint FROM json_array_elements_text(?::json))"
      + " AND delivery_id IN (SELECT value FROM json_array_elements_text(?::json)) AND agent_id = ?" + IN_INBOX
      + " RETURNING seq, delivery_id, notify";
  /** Seqs looked at per query when a page is filtered by sender. */
  private static final int FILTERED_CHUNK = 500;

  private DeliveryStore() {
  }

  /** One stored item: its seq, its event name, its InboxItem JSON and its expiry (epoch millis, or null). */
  public record StoredItem(long seq, String event, String json, Long expiresAt)
      implements InboxEntry {

    /** Whether the item has left the inbox unread by {@code nowMillis}: it must then be neither shown nor pushed. */
    public boolean expiredBy(long nowMillis) {
      return expiresAt != null && expiresAt <= nowMillis;
    }
  }

  static long nextSeq(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT coalesce(max(seq), 0) + 1 FROM deliveries")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /**
   * Reads every unacknowledged delivery's seq into {@code pending} (from the covering deliveries_pending index),
   * but for scheduled ones still waiting (from the small deliveries_due index).
   */
  static void loadPending(Connection connection, PendingDeliveries pending) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT seq, agent_id FROM deliveries WHERE acked_at IS NULL"
            + " AND seq NOT IN (SELECT seq FROM deliveries WHERE waiting = 1) ORDER BY seq")) {
      while (rows.next()) {
        pending.add(rows.getString(2), rows.getLong(1));
      }
    }
  }

  /**
   * A delivery made: whom it went to, under which id and seq (for the audit row of the send); the seq is null
   * while a scheduled delivery waits for its time.
   */
  public record Delivered(String agentId, String deliveryId, Long seq) {
  }

  /**
   * Queues one event for {@code agentId} under the terms of the command being run: the delivery row, and the
   * event published after commit; or, for a delivery scheduled later, a row that waits outside the inbox
   * (see {@link DueDeliveries}). The send that makes it audits it (see {@link Deliveries}).
   */
  public static Delivered deliver(WriteContext tx, String agentId, EventType event, String fromAgent, String taskId,
      Task task, Message message, Artifact artifact) throws SQLException {
    return deliver(tx, tx.terms(), new InboxItem(null, 0, event, fromAgent, taskId, Times.format(tx.now()), task,
        message, artifact, null), agentId);
  }

  static Delivered deliver(WriteContext tx, DeliveryTerms terms, InboxItem draft, String agentId)
      throws SQLException {
    long seq = tx.allocateSeq();
    String deliveryId = Ids.delivery(seq);
    InboxItem item = draft.numbered(deliveryId, seq);
    String json = Json.write(item);
    boolean waits = terms.waits(tx.now());
    tx.append(INSERT, seq, deliveryId, agentId, item.event().wire(), item.fromAgent(), item.taskId(), json, tx.now(),
        terms.deliverAt(), terms.expiresAt(), terms.storedNotify(), waits ? 1 : null);
    if (item.event() == EventType.MESSAGE_NEW && item.taskId() == null) {
      tx.totalsChanged().messages(1);
    }
    if (terms.deliverAt() != null) {
      tx.timed(terms.deliverAt());
    }
    if (terms.expiresAt() != null) {
      tx.timed(terms.expiresAt());
    }
    Delivered delivered = new Delivered(agentId, deliveryId, waits ? null : seq);
    tx.made(delivered);
    if (!waits) {
      entered(tx, agentId, seq, deliveryId, item.event(), item.fromAgent(), json, null, terms.expiresAt());
    }
    return delivered;
  }

  /** A delivery entered its recipient's inbox: published after commit, to every push path. */
  static void entered(WriteContext tx, String agentId, long seq, String deliveryId, EventType event,
      String fromAgent, String json, Long deliverAt, Long expiresAt) {
    WebhookTarget webhook = tx.agent(agentId).flatMap(WebhookTarget::of).orElse(null);
    tx.delivered(new DeliveryEvent(agentId, seq, deliveryId, event, fromAgent, json, webhook, deliverAt, expiresAt));
  }

  /** Acknowledges the named deliveries of {@code agentId}; unknown or already acked ids count nothing. */
  public static int ack(WriteContext tx, String agentId, List<String> deliveryIds) throws SQLException {
    if (tx.dialect().pagesInboxOnDisk()) {
      return ackInOneStatement(tx, agentId, deliveryIds);
    }
    int acked = 0;
    for (String deliveryId : deliveryIds) {
      Optional<Long> seq = pendingSeq(tx, agentId, deliveryId);
      if (seq.isPresent()) {
        acked += ackSeq(tx, agentId, seq.get());
      }
    }
    return acked;
  }

  /** One statement for the IDs that carry their seq; the others (from before seqs, or moved) one by one. */
  private static int ackInOneStatement(WriteContext tx, String agentId, List<String> deliveryIds)
      throws SQLException {
    record Acked(long seq, String deliveryId, boolean wantsNotices) {
    }
    List<Long> seqs = new ArrayList<>();
    deliveryIds.forEach(id -> Ids.deliverySeq(id).ifPresent(seqs::add));
    List<Acked> acked = seqs.isEmpty() ? new ArrayList<>() : new ArrayList<>(tx.list(ACK_IDS,
        c -> new Acked(c.number("seq"), c.text("delivery_id"), c.text("notify") != null),
        tx.now(), Json.write(seqs), Json.write(deliveryIds), agentId, tx.now()));
    acked.sort(Comparator.comparingLong(Acked::seq));
    Set<String> done = new HashSet<>();
    for (Acked row : acked) {
      done.add(row.deliveryId());
      tx.acknowledged(agentId, row.seq());
      if (row.wantsNotices()) {
        Notices.send(tx, row.seq(), DeliveryTerms.ACKED);
      }
    }
    int count = acked.size();
    for (String deliveryId : deliveryIds) {
      if (done.add(deliveryId)) {
        Optional<Long> seq = oldOrMovedSeq(tx, agentId, deliveryId);
        if (seq.isPresent()) {
          count += ackSeq(tx, agentId, seq.get());
        }
      }
    }
    return count;
  }

  /** Records that a pending delivery of {@code agentId} was handed to it now, if that is its first hand-over. */
  public static void handedOver(WriteContext tx, String agentId, String deliveryId, HandOvers.Via via)
      throws SQLException {
    Optional<Long> seq = pendingSeq(tx, agentId, deliveryId);
    if (seq.isPresent()) {
      HandOverRecorder.record(tx, seq.get(), via);
    }
  }

  private static Optional<Long> pendingSeq(WriteContext tx, String agentId, String deliveryId) throws SQLException {
    OptionalLong carried = Ids.deliverySeq(deliveryId);
    Optional<Long> seq = carried.isPresent()
        ? tx.one(PENDING, c -> c.number("seq"), carried.getAsLong(), deliveryId, agentId, tx.now())
        : Optional.empty();
    return seq.isPresent() ? seq : oldOrMovedSeq(tx, agentId, deliveryId);
  }

  /** The pending seq of an ID handed out before IDs carried their seq, or of a scheduled delivery since moved. */
  private static Optional<Long> oldOrMovedSeq(WriteContext tx, String agentId, String deliveryId)
      throws SQLException {
    Optional<Long> seq = tx.one(PENDING_LEGACY, c -> c.number("seq"), deliveryId, agentId, tx.now());
    return seq.isPresent() ? seq : tx.one(PENDING_MOVED, c -> c.number("seq"), deliveryId, agentId, tx.now());
  }

  /** What a look at a chunk of legacy delivery IDs removed, and the last ID looked at (null after the last chunk). */
  public record LegacyPrune(int deleted, String nextAfter) {
  }

  /**
   * Looks at up to {@code limit} legacy delivery IDs after {@code after} (in ID order) and deletes those no
   * longer pending: acknowledged since the upgrade, or gone with their agent. The ack by ID only ever needs
   * the pending ones.
   */
  public static LegacyPrune pruneLegacyIds(WriteContext tx, String after, int limit) throws SQLException {
    record Chunk(long size, String last) {
    }
    Chunk chunk = tx.one(LEGACY_CHUNK, c -> new Chunk(c.number("n"), c.text("last")), after, limit).orElseThrow();
    if (chunk.size() == 0) {
      return new LegacyPrune(0, null);
    }
    int deleted = tx.update(LEGACY_SETTLED, after, chunk.last());
    return new LegacyPrune(deleted, chunk.size() < limit ? null : chunk.last());
  }

  /** Acknowledges every delivery of {@code agentId} up to and including {@code seq}. */
  public static int ackUpTo(WriteContext tx, String agentId, long seq) throws SQLException {
    if (tx.dialect().pagesInboxOnDisk()) {
      return ackUpToInOneStatement(tx, agentId, seq);
    }
    int acked = 0;
    for (long pending : tx.pendingUpTo(agentId, seq)) {
      acked += ackSeq(tx, agentId, pending);
    }
    return acked;
  }

  private static int ackUpToInOneStatement(WriteContext tx, String agentId, long seq) throws SQLException {
    record Acked(long seq, boolean wantsNotices) {
    }
    List<Acked> acked = new ArrayList<>(tx.list(ACK_UP_TO, c -> new Acked(c.number("seq"), c.text("notify") != null),
        tx.now(), agentId, agentId, seq, tx.now()));
    acked.sort(Comparator.comparingLong(Acked::seq));
    for (Acked row : acked) {
      tx.acknowledged(agentId, row.seq());
      if (row.wantsNotices()) {
        Notices.send(tx, row.seq(), DeliveryTerms.ACKED);
      }
    }
    return acked.size();
  }

  private static int ackSeq(WriteContext tx, String agentId, long seq) throws SQLException {
    int changed = tx.update(ACK, tx.now(), seq, tx.now());
    if (changed > 0) {
      tx.acknowledged(agentId, seq);
      Notices.send(tx, seq, DeliveryTerms.ACKED);
    }
    return changed;
  }

  /**
   * Up to {@code limit} unacknowledged items after {@code afterSeq}, oldest first: the seqs from
   * {@code pending}, the rows by seq. A row acknowledged since the seqs were taken is skipped, and the page
   * goes on past it, so a page is short only at the end of the inbox.
   */
  public static Future<List<StoredItem>> page(ReadContext reads, String agentId, long afterSeq, String from,
      int limit) {
    if (reads.dialect().pagesInboxOnDisk()) {
      long now = System.currentTimeMillis();
      return from == null
          ? Reads.list(reads.pool(), PAGE, DeliveryStore::map, agentId, agentId, afterSeq, now, limit)
          : Reads.list(reads.pool(), PAGE_FROM, DeliveryStore::map, agentId, agentId, afterSeq, now, from, limit);
    }
    return collect(reads.pool(), reads.pending(), agentId, afterSeq, from, limit, new ArrayList<>());
  }

  private static Future<List<StoredItem>> collect(Pool pool, PendingDeliveries pending, String agentId,
      long afterSeq, String from, int limit, List<StoredItem> found) {
    int wanted = limit - found.size();
    int take = from == null ? wanted : Math.max(wanted, FILTERED_CHUNK);
    long[] seqs = wanted > 0 ? pending.after(agentId, afterSeq, take) : new long[0];
    if (seqs.length == 0) {
      return Future.succeededFuture(found);
    }
    String seqArray = Arrays.toString(seqs);
    long now = System.currentTimeMillis();
    Future<List<StoredItem>> rows = from == null
        ? Reads.list(pool, ROWS, DeliveryStore::map, seqArray, now)
        : Reads.list(pool, ROWS_FROM, DeliveryStore::map, seqArray, now, from);
    return rows.compose(items -> {
      found.addAll(items.subList(0, Math.min(items.size(), wanted)));
      boolean inboxGoesOn = seqs.length == take;
      return found.size() < limit && inboxGoesOn
          ? collect(pool, pending, agentId, seqs[seqs.length - 1], from, limit, found)
          : Future.succeededFuture(found);
    });
  }

  private static StoredItem map(Columns c) {
    return new StoredItem(c.number("seq"), c.text("event"), c.text("item"), c.nullableLong("expires_at"));
  }
}
