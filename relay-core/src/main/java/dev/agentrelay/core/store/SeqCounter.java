package dev.agentrelay.core.store;

import java.sql.SQLException;

/**
 * The relay-wide delivery seq on PostgreSQL, where several nodes write one database. Each write batch first locks
 * the counter's single row and reads the next seq, and stores what it used before it commits: the lock is held to
 * the commit, so the batches of all nodes commit one after another, each with seqs above every earlier one. Per
 * agent, items therefore become visible in seq order: a reader that has seen seq n never later finds an unacked
 * item below n. One lock taken first by every batch cannot deadlock with anything else a batch locks.
 *
 * <p>SQLite has one writer per file: its seq lives in the writer's memory and none of this is needed.
 */
final class SeqCounter {

  private static final String LOCK = "SELECT next_seq FROM seq_counter FOR UPDATE";
  private static final String SAVE = "UPDATE seq_counter SET next_seq = ?";

  private SeqCounter() {
  }

  /** At the start of a batch: takes the lock and continues from the stored seq. */
  static void lock(WriteContext tx) throws SQLException {
    if (tx.dialect() == Dialect.POSTGRES) {
      long next = tx.one(LOCK, c -> c.number("next_seq")).orElseThrow();
      tx.startSeqsAt(next);
    }
  }

  /** Before the commit: stores the next seq if the batch used any. */
  static void save(WriteContext tx) throws SQLException {
    if (tx.dialect() == Dialect.POSTGRES && tx.usedSeqs()) {
      tx.update(SAVE, tx.nextSeq());
    }
  }
}
