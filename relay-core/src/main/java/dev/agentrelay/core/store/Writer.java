package dev.agentrelay.core.store;

import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.bus.AgentDirectory;
import dev.agentrelay.core.bus.DeliveryEvent;
import dev.agentrelay.core.bus.HandOvers;
import dev.agentrelay.core.bus.WriteCommand;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The single writer: runs a batch of commands in one transaction and commits once (group commit).
 * Runs on one dedicated worker thread only.
 */
final class Writer implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Writer.class.getName());
  /**
   * When a batch also brings the audit log's lookups up to date: every 200 ms while entries come in hundreds, and at
   * least every 5 s. A relay that writes once a second would otherwise pay a fill in every commit (two reads, two
   * INSERT … SELECT and a mark; ~0.2 ms of a send at 1/s), while a lookup then has only a few seconds' entries past
   * it to scan.
   */
  static final AuditFill AUDIT_FILL = new AuditFill(Duration.ofMillis(200), 256, Duration.ofSeconds(5));
  private static final long AUDIT_INDEX_MAX_ENTRIES = 20_000;

  /** A fill is due {@code interval} after the last once {@code entries} entries wait, and {@code longest} after it. */
  record AuditFill(Duration interval, int entries, Duration longest) {
    /** Every batch: for tests that look at the lookups right after a write. */
    static final AuditFill EVERY_BATCH = new AuditFill(Duration.ZERO, 0, Duration.ZERO);
    /** Never by itself. */
    static final AuditFill NEVER = new AuditFill(Duration.ofDays(1), Integer.MAX_VALUE, Duration.ofDays(1));

    boolean due(long nanosSinceLast, long entriesWaiting) {
      return nanosSinceLast >= longest.toNanos()
          || nanosSinceLast >= interval.toNanos() && entriesWaiting >= entries;
    }
  }

  private final Database database;
  private final WriteContext tx;
  private Connection connection;
  private boolean connectionBroken;
  private final HandOvers handOvers;
  private final AuditFill auditFill;
  private long auditIndexedAt = System.nanoTime();

  /** {@code connection} is the database's writer connection, which the writer owns from now on. */
  Writer(Database database, Connection connection, AgentDirectory directory, PendingDeliveries pending,
      StoreTotals totals, HandOvers handOvers, AuditFill auditFill) throws SQLException {
    this.database = database;
    this.connection = connection;
    this.handOvers = handOvers;
    this.auditFill = auditFill;
    this.tx = new WriteContext(database.dialect(), connection, directory, pending, totals,
        DeliveryStore.nextSeq(connection));
  }

  /**
   * The outcome of each command (its result, or the RelayException it failed with), the events, the changes
   * to agents that others must hear of, and whether any transaction committed (false when the whole batch was
   * rolled back), and the earliest delivery time or expiry it committed ({@code Long.MAX_VALUE}: none).
   */
  record Outcome(List<Object> results, List<DeliveryEvent> events, Map<String, List<Long>> acknowledged,
      AgentChanges agentChanges, boolean committed, long earliestInstant) {
  }

  /**
   * Never throws: a command's failure is its outcome; a failed commit fails every command. A batch that failed
   * because the server had cut the connection is run once more on a new one: nothing of it was committed.
   */
  Outcome run(List<WriteCommand<?>> commands) {
    Outcome outcome = runOnce(commands);
    if (!outcome.committed() && connectionBroken && reconnected()) {
      return runOnce(commands);
    }
    return outcome;
  }

  private boolean reconnected() {
    try {
      reconnectIfBroken();
      return true;
    } catch (SQLException e) {
      LOG.warning("the database is unreachable: " + e.getMessage());
      return false;
    }
  }

  private Outcome runOnce(List<WriteCommand<?>> commands) {
    long seqBefore = tx.nextSeq();
    List<HandOvers.HandOver> handedOver = null;
    try {
      reconnectIfBroken();
      SeqCounter.lock(tx);
      List<Object> results = applyAll(commands);
      indexAuditWhenDue();
      handedOver = recordHandOvers();
      SeqCounter.save(tx);
      tx.flushAppends();
      connection.commit();
      AgentChanges agentChanges = tx.publish();
      Outcome outcome = new Outcome(results, List.copyOf(tx.events()), tx.acknowledgedSeqs(), agentChanges, true,
          tx.earliestInstant());
      tx.reset(tx.nextSeq());
      return outcome;
    } catch (HalfAppliedCommand e) {
      rollback(seqBefore);
      connectionBroken = isBroken();
      if (connectionBroken) {
        LOG.log(Level.WARNING, "the database connection broke: " + commands.size() + " writes refused", e.getCause());
        return failAll(commands.size(), e.getCause());
      }
      return commands.size() == 1 ? failedAlone(e.getCause()) : runOneByOne(commands);
    } catch (SQLException e) {
      if (WriteFailures.isDiskFull(e)) {
        LOG.warning("the disk holding the database is full: " + commands.size() + " writes refused (storage_full)");
      } else if (ConnectionLoss.in(e)) {
        LOG.warning("the database is unreachable: " + commands.size() + " writes refused: " + e.getMessage());
      } else {
        LOG.log(Level.SEVERE, "commit of " + commands.size() + " writes failed", e);
      }
      rollback(seqBefore);
      connectionBroken = isBroken();
      if (handedOver != null) {
        handOvers.giveBack(handedOver);
      }
      return failAll(commands.size(), e);
    }
  }

  /** The hand-overs noted since the last batch ride in this one; null when they could not be written now. */
  private List<HandOvers.HandOver> recordHandOvers() throws SQLException {
    if (!handOvers.anyNoted()) {
      return null;
    }
    Savepoint before = savepoint();
    try {
      return HandOverRecorder.recordNoted(tx, handOvers);
    } catch (SQLException e) {
      // only that step is undone and the notes wait for the next batch; the batch's own writes still commit
      LOG.log(Level.WARNING, "could not record hand-overs; will retry", e);
      undoTo(before);
      return null;
    }
  }

  /**
   * A failed statement aborts a whole PostgreSQL transaction, where SQLite undoes only the statement: an optional
   * step of a batch runs after a savepoint there, so that its failure leaves the batch's commands standing.
   */
  private Savepoint savepoint() throws SQLException {
    return tx.dialect() == Dialect.POSTGRES ? connection.setSavepoint() : null;
  }

  private void undoTo(Savepoint savepoint) throws SQLException {
    if (savepoint != null) {
      connection.rollback(savepoint);
    }
  }

  private List<Object> applyAll(List<WriteCommand<?>> commands) throws SQLException {
    List<Object> results = new ArrayList<>(commands.size());
    for (WriteCommand<?> command : commands) {
      tx.beginCommand(System.currentTimeMillis());
      try {
        results.add(command.apply(tx));
      } catch (RelayException e) {
        if (tx.commandWrote()) {
          throw new HalfAppliedCommand(e);
        }
        results.add(e);
      } catch (Exception e) {
        throw new HalfAppliedCommand(e);
      }
    }
    return results;
  }

  private void indexAuditWhenDue() throws SQLException {
    long now = System.nanoTime();
    if (!auditFill.due(now - auditIndexedAt, tx.auditsSinceFill())) {
      return;
    }
    auditIndexedAt = now;
    tx.auditsFilled();
    Savepoint before = savepoint();
    try {
      AuditIndex.catchUp(tx, AUDIT_INDEX_MAX_ENTRIES);
    } catch (SQLException e) {
      // only that step is undone; the batch's own writes still commit, and queries scan what is not indexed
      LOG.log(Level.WARNING, "could not index the audit log; will retry", e);
      undoTo(before);
    }
  }

  /**
   * After the server broke the connection (a restart, a network cut), the next batch asks the pool for a new
   * one; until one comes, each batch fails as unavailable and nothing is half written.
   */
  private void reconnectIfBroken() throws SQLException {
    if (!connectionBroken) {
      return;
    }
    tx.closeStatements();
    try {
      connection.close();
    } catch (SQLException alreadyGone) {
      // the pool has dropped it already
    }
    connection = database.writerConnection();
    tx.useConnection(connection);
    connectionBroken = false;
    LOG.info("the writer has a new database connection");
  }

  private boolean isBroken() {
    try {
      return tx.dialect() == Dialect.POSTGRES && !connection.isValid(2);
    } catch (SQLException e) {
      return true;
    }
  }

  private Outcome runOneByOne(List<WriteCommand<?>> commands) {
    List<Object> results = new ArrayList<>(commands.size());
    List<DeliveryEvent> events = new ArrayList<>();
    Map<String, List<Long>> acknowledged = new HashMap<>();
    AgentChanges agentChanges = AgentChanges.NONE;
    boolean committed = false;
    long earliestInstant = Long.MAX_VALUE;
    for (WriteCommand<?> command : commands) {
      Outcome single = run(List.of(command));
      results.add(single.results().get(0));
      events.addAll(single.events());
      single.acknowledged().forEach((agentId, seqs) ->
          acknowledged.computeIfAbsent(agentId, id -> new ArrayList<>()).addAll(seqs));
      agentChanges = agentChanges.plus(single.agentChanges());
      committed |= single.committed();
      earliestInstant = Math.min(earliestInstant, single.earliestInstant());
    }
    return new Outcome(results, events, acknowledged, agentChanges, committed, earliestInstant);
  }

  private Outcome failedAlone(Throwable cause) {
    if (cause instanceof RelayException relayException) {
      return new Outcome(List.of(relayException), List.of(), Map.of(), AgentChanges.NONE, false, Long.MAX_VALUE);
    }
    LOG.log(Level.SEVERE, "a write failed and was rolled back", cause);
    return failAll(1, cause);
  }

  private static Outcome failAll(int count, Throwable cause) {
    RelayException unavailable = WriteFailures.of(cause);
    List<Object> results = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      results.add(unavailable);
    }
    return new Outcome(results, List.of(), Map.of(), AgentChanges.NONE, false, Long.MAX_VALUE);
  }

  private void rollback(long seqBefore) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      if (tx.dialect() == Dialect.SQLITE) {
        reopenTransaction(e);
      }
    }
    tx.reset(seqBefore);
  }

  /**
   * SQLite rolls a transaction back by itself after some failures (SQLITE_FULL on commit among them), and
   * then the driver's rollback fails and does not begin the next transaction as it otherwise would: the next
   * batch would run statement by statement in autocommit. Beginning it here keeps every batch one transaction.
   */
  private void reopenTransaction(SQLException rollbackFailure) {
    try (Statement statement = connection.createStatement()) {
      statement.execute("BEGIN");
    } catch (SQLException stillOpen) {
      // a transaction is still open: the rollback failed for another reason
      LOG.log(Level.SEVERE, "rollback failed", rollbackFailure);
    }
  }

  @Override
  public void close() throws SQLException {
    tx.closeStatements();
    connection.close();
  }

  /** A command failed after it had written: the batch must be undone and its commands run singly. */
  private static final class HalfAppliedCommand extends RuntimeException {
    HalfAppliedCommand(Throwable cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }
}
