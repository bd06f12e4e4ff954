package dev.agentrelay.core.store;

import dev.agentrelay.core.bus.AgentDirectory;
import dev.agentrelay.core.bus.DeliveryEvent;
import dev.agentrelay.core.bus.WebhookTarget;
import dev.agentrelay.core.model.AgentAccount;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The writer's view of one batch: its connection (with prepared statements reused across batches), the
 * relay-wide delivery sequence, and the changes that become visible to the rest of the relay only after
 * the batch commits (agents, pending counts, delivery events).
 */
public final class WriteContext {

  private static final String PENDING_UP_TO = "SELECT seq FROM deliveries WHERE " + DeliveryStore.ONE_AGENT
      + " AND seq <= ? AND acked_at IS NULL AND waiting IS NULL ORDER BY agent_id, seq";

  private final Dialect dialect;
  private final AgentDirectory directory;
  private Connection connection;
  private final PendingDeliveries pending;
  private final StoreTotals totals;
  private final StoreTotals.Changes totalsChanged = new StoreTotals.Changes();
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  /** Statements with rows added to their JDBC batch, in the order of their first row. */
  private final Set<PreparedStatement> appending = new LinkedHashSet<>();

  private final Map<String, Optional<AgentAccount>> agentChanges = new HashMap<>();
  private final Map<String, List<Long>> deliveredSeqs = new HashMap<>();
  private final Map<String, List<Long>> acknowledgedSeqs = new HashMap<>();
  private final List<DeliveryEvent> events = new ArrayList<>();
  private final List<DeliveryStore.Delivered> commandMade = new ArrayList<>();
  private DeliveryTerms terms = DeliveryTerms.NONE;
  private long earliestInstant = Long.MAX_VALUE;
  private long nextSeq;
  private long batchFirstSeq;
  private long auditsSinceFill;
  private long now;
  private int writes;

  WriteContext(Dialect dialect, Connection connection, AgentDirectory directory, PendingDeliveries pending,
      StoreTotals totals, long nextSeq) {
    this.dialect = dialect;
    this.connection = connection;
    this.directory = directory;
    this.pending = pending;
    this.totals = totals;
    this.nextSeq = nextSeq;
  }

  /** The time of the command being run, in epoch milliseconds. */
  public long now() {
    return now;
  }

  /** Runs an INSERT, UPDATE or DELETE; returns the rows changed. */
  public int update(String sql, Object... params) throws SQLException {
    flushAppends();
    writes++;
    PreparedStatement statement = prepare(sql, params);
    return statement.executeUpdate();
  }

  /**
   * Appends a row nothing in the batch reads back before the next statement that is not an append. On PostgreSQL the
   * rows wait in JDBC batches, one per statement, sent before that next statement or the commit: a round trip per
   * kind of row and batch instead of per row. Row order within a table is kept; across tables it need not be (the
   * foreign keys are checked at commit).
   */
  public void append(String sql, Object... params) throws SQLException {
    writes++;
    PreparedStatement statement = prepare(sql, params);
    if (dialect == Dialect.POSTGRES) {
      statement.addBatch();
      appending.add(statement);
    } else {
      statement.executeUpdate();
    }
  }

  /** Sends the appends waiting; the writer calls it before each commit. */
  void flushAppends() throws SQLException {
    if (appending.isEmpty()) {
      return;
    }
    try {
      for (PreparedStatement statement : appending) {
        statement.executeBatch();
      }
    } finally {
      appending.clear();
    }
  }

  public <T> Optional<T> one(String sql, Function<Columns, T> mapper, Object... params) throws SQLException {
    List<T> rows = list(sql, mapper, params);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  public <T> List<T> list(String sql, Function<Columns, T> mapper, Object... params) throws SQLException {
    flushAppends();
    List<T> rows = new ArrayList<>();
    try (ResultSet results = prepare(sql, params).executeQuery()) {
      Columns columns = Columns.of(results);
      while (results.next()) {
        rows.add(mapper.apply(columns));
      }
    }
    return rows;
  }

  /**
   * Hands up to {@code pages} free pages back to the file system ({@code PRAGMA incremental_vacuum}). The
   * pragma frees one page per step and answers a row without columns for each, which JDBC can neither read
   * as a query nor run as an update: each execution of {@code incremental_vacuum(1)} is one step.
   */
  void freePages(long pages) throws SQLException {
    flushAppends();
    writes++;
    try (Statement statement = connection.createStatement()) {
      for (long i = 0; i < pages; i++) {
        statement.execute("PRAGMA incremental_vacuum(1)");
      }
    }
  }

  /** The agent as this batch sees it: its own uncommitted changes first, then the directory. */
  public Optional<AgentAccount> agent(String agentId) {
    Optional<AgentAccount> changed = agentChanges.get(agentId);
    return changed != null ? changed : directory.account(agentId);
  }

  /** Every agent as this batch sees it. */
  public List<AgentAccount> agents() {
    Map<String, AgentAccount> all = new HashMap<>();
    directory.accounts().forEach(account -> all.put(account.agentId(), account));
    agentChanges.forEach((id, change) -> change.ifPresentOrElse(a -> all.put(id, a), () -> all.remove(id)));
    return List.copyOf(all.values());
  }

  void agentChanged(AgentAccount account) {
    agentChanges.put(account.agentId(), Optional.of(account));
  }

  void agentRemoved(String agentId) {
    agentChanges.put(agentId, Optional.empty());
  }

  long allocateSeq() {
    return nextSeq++;
  }

  /** Where this batch's seqs start, as the shared counter says (see {@link SeqCounter}). */
  void startSeqsAt(long seq) {
    nextSeq = seq;
    batchFirstSeq = seq;
  }

  boolean usedSeqs() {
    return nextSeq != batchFirstSeq;
  }

  Dialect dialect() {
    return dialect;
  }

  /** The writer's new connection, after the old one broke; statements are prepared anew on it. */
  void useConnection(Connection replacement) {
    connection = replacement;
  }

  void delivered(DeliveryEvent event) {
    events.add(event);
    deliveredSeqs.computeIfAbsent(event.agentId(), id -> new ArrayList<>()).add(event.seq());
  }

  void acknowledged(String agentId, long seq) {
    acknowledgedSeqs.computeIfAbsent(agentId, id -> new ArrayList<>()).add(seq);
    totalsChanged.acked(1);
  }

  /** The batch's changes to the counts {@code GET /stats} shows, made visible after the commit. */
  StoreTotals.Changes totalsChanged() {
    return totalsChanged;
  }

  /**
   * The agent's seqs up to {@code upTo} that were pending when this batch began or were delivered in it;
   * some may have been acknowledged earlier in the batch.
   */
  List<Long> pendingUpTo(String agentId, long upTo) throws SQLException {
    if (dialect.pagesInboxOnDisk()) {
      // the batch's own uncommitted deliveries are visible to its own connection
      return list(PENDING_UP_TO, c -> c.number("seq"), agentId, agentId, upTo);
    }
    long[] committed = pending.upTo(agentId, upTo);
    List<Long> seqs = new ArrayList<>(committed.length);
    for (long seq : committed) {
      seqs.add(seq);
    }
    for (long seq : deliveredSeqs.getOrDefault(agentId, List.of())) {
      if (seq <= upTo) {
        seqs.add(seq);
      }
    }
    return seqs;
  }

  void beginCommand(long commandTime) {
    now = commandTime;
    writes = 0;
    commandMade.clear();
  }

  /** The deliveries the command being run has made so far, in the order it made them. */
  public List<DeliveryStore.Delivered> commandDeliveries() {
    return List.copyOf(commandMade);
  }

  void made(DeliveryStore.Delivered delivered) {
    commandMade.add(delivered);
  }

  /** The terms the deliveries of the command being run follow. */
  DeliveryTerms terms() {
    return terms;
  }

  /** An audit entry was appended: one more the lookups do not cover yet (see {@link AuditIndex}). */
  void audited() {
    auditsSinceFill++;
  }

  long auditsSinceFill() {
    return auditsSinceFill;
  }

  void auditsFilled() {
    auditsSinceFill = 0;
  }

  public void useTerms(DeliveryTerms terms) {
    this.terms = terms;
  }

  /** Notes a delivery time or an expiry this batch committed, for the store's timer. */
  void timed(long instantMillis) {
    earliestInstant = Math.min(earliestInstant, instantMillis);
  }

  /** The earliest delivery time or expiry the batch committed; {@code Long.MAX_VALUE} when none. */
  long earliestInstant() {
    return earliestInstant;
  }

  boolean commandWrote() {
    return writes > 0;
  }

  long nextSeq() {
    return nextSeq;
  }

  List<DeliveryEvent> events() {
    return events;
  }

  /** The seqs the batch acknowledged (or expired), by agent: a copy, taken before {@link #reset}. */
  Map<String, List<Long>> acknowledgedSeqs() {
    Map<String, List<Long>> copy = new HashMap<>();
    acknowledgedSeqs.forEach((agentId, seqs) -> copy.put(agentId, List.copyOf(seqs)));
    return copy;
  }

  /** Makes the batch's changes visible, after its commit; answers what others must hear of them. */
  AgentChanges publish() {
    AgentChanges changes = agentChanges.isEmpty() ? AgentChanges.NONE : updateDirectory();
    pending.apply(deliveredSeqs, acknowledgedSeqs);
    if (!totalsChanged.isEmpty()) {
      totals.apply(totalsChanged);
    }
    return changes;
  }

  private AgentChanges updateDirectory() {
    List<String> keysRevoked = new ArrayList<>();
    List<String> webhooksChanged = new ArrayList<>();
    agentChanges.forEach((id, change) -> {
      Optional<AgentAccount> before = directory.account(id);
      if (before.isPresent() && !change.map(AgentAccount::keyHash).equals(before.map(AgentAccount::keyHash))) {
        keysRevoked.add(id);
      }
      if (!change.flatMap(WebhookTarget::of).equals(before.flatMap(WebhookTarget::of))) {
        webhooksChanged.add(id);
      }
      change.ifPresentOrElse(directory::put, () -> directory.remove(id));
    });
    return new AgentChanges(keysRevoked, webhooksChanged, List.copyOf(agentChanges.keySet()));
  }

  /** Forgets the batch's changes, after a rollback; the next batch starts at {@code seq}. */
  void reset(long seq) {
    discardAppends();
    agentChanges.clear();
    deliveredSeqs.clear();
    acknowledgedSeqs.clear();
    events.clear();
    totalsChanged.clear();
    earliestInstant = Long.MAX_VALUE;
    nextSeq = seq;
  }

  private void discardAppends() {
    appending.forEach(statement -> {
      try {
        statement.clearBatch();
      } catch (SQLException closed) {
        // its connection is gone, and the batch with it
      }
    });
    appending.clear();
  }

  void closeStatements() {
    appending.clear();
    statements.values().forEach(statement -> {
      try {
        statement.close();
      } catch (SQLException ignored) {
        // closing on shutdown: nothing left to do with it
      }
    });
    statements.clear();
  }

  private PreparedStatement prepare(String sql, Object[] params) throws SQLException {
    PreparedStatement statement = statements.get(sql);
    if (statement == null) {
      statement = connection.prepareStatement(sql);
      statements.put(sql, statement);
    }
    for (int i = 0; i < params.length; i++) {
      statement.setObject(i + 1, params[i]);
    }
    return statement;
  }
}
