package dev.agentrelay.core.store;

import dev.agentrelay.core.bus.StoreClient;
import dev.agentrelay.core.bus.WriteCommand;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the store's housekeeping soon after start and then every period: {@link Maintenance#sweep}, then the
 * retention passes ({@link Retention}: acknowledged deliveries, audit entries, free pages). A round is a
 * chain of bounded passes, each its own write, so that sends go on between them.
 */
final class Housekeeping {

  private static final Logger LOG = Logger.getLogger(Housekeeping.class.getName());
  /** A relay that runs for less than a period (a laptop's) still gets its first round. */
  private static final long FIRST_ROUND_MAX_DELAY_MILLIS = 60_000;

  private final Vertx vertx;
  private final StoreClient store;
  private final long periodMillis;
  private final Duration retentionAcked;
  private final Duration retentionAudit;
  private final BooleanSupplier holdsRole;
  private long timer = -1;
  private boolean running;
  private boolean stopped;

  /**
   * A zero retention keeps those rows forever. {@code holdsRole} says whether this node does the housekeeping now
   * (one node of several on one database at a time).
   */
  Housekeeping(Vertx vertx, StoreClient store, long periodMillis, Duration retentionAcked, Duration retentionAudit,
      BooleanSupplier holdsRole) {
    this.holdsRole = holdsRole;
    this.vertx = vertx;
    this.store = store;
    this.periodMillis = periodMillis;
    this.retentionAcked = retentionAcked;
    this.retentionAudit = retentionAudit;
  }

  /** Call on the store verticle's context: rounds and their passes run there. */
  void start() {
    timer = vertx.setPeriodic(Math.min(periodMillis, FIRST_ROUND_MAX_DELAY_MILLIS), periodMillis, tick -> round());
  }

  void stop() {
    stopped = true;
    vertx.cancelTimer(timer);
  }

  private void round() {
    if (!running && holdsRole.getAsBoolean()) {
      running = true;
      pass("", 0, 0);
    }
  }

  private void pass(String legacyAfter, int keysSoFar, int idsSoFar) {
    if (stopped) {
      running = false;
      return;
    }
    store.write(Maintenance.sweep(legacyAfter)).onComplete(done -> {
      if (done.failed()) {
        stopRound(done.cause());
        return;
      }
      Maintenance.Swept swept = done.result();
      int keys = keysSoFar + swept.expiredIdempotencyKeys();
      int ids = idsSoFar + swept.settledLegacyIds();
      if (swept.more()) {
        pass(swept.legacyCursor(), keys, ids);
        return;
      }
      if (keys + ids > 0) {
        LOG.info("housekeeping: " + keys + " expired idempotency records and " + ids
            + " settled pre-upgrade delivery IDs deleted");
      }
      Totals totals = new Totals();
      if (retentionAcked.isZero()) {
        auditPass(totals);
      } else {
        deliveryPass(System.currentTimeMillis() - retentionAcked.toMillis(), 0, totals);
      }
    });
  }

  /** What a round's retention passes deleted. */
  private static final class Totals {
    long deliveries;
    long auditEntries;
    long freePagesBefore = -1;
  }

  private void deliveryPass(long cutoff, long after, Totals totals) {
    retentionPass(Retention.deliveries(cutoff, after), pass -> {
      totals.deliveries += pass.deleted();
      if (pass.more()) {
        deliveryPass(cutoff, pass.nextAfter(), totals);
      } else {
        auditPass(totals);
      }
    });
  }

  private void auditPass(Totals totals) {
    if (retentionAudit.isZero()) {
      vacuumPass(totals);
      return;
    }
    retentionPass(Retention.audit(System.currentTimeMillis() - retentionAudit.toMillis()), pass -> {
      totals.auditEntries += pass.deleted();
      if (pass.more()) {
        auditPass(totals);
      } else {
        vacuumPass(totals);
      }
    });
  }

  private void vacuumPass(Totals totals) {
    if (stopped || totals.deliveries + totals.auditEntries == 0) {
      running = false;
      return;
    }
    store.write(Retention.vacuum()).onComplete(done -> {
      if (done.failed()) {
        stopRound(done.cause());
        return;
      }
      long left = done.result();
      // a pass that frees nothing (the file has no incremental vacuum) ends the round
      if (left > 0 && (totals.freePagesBefore < 0 || left < totals.freePagesBefore)) {
        totals.freePagesBefore = left;
        vacuumPass(totals);
        return;
      }
      running = false;
      LOG.info("retention: " + totals.deliveries + " acknowledged deliveries and " + totals.auditEntries
          + " audit entries deleted");
    });
  }

  private <T> void retentionPass(WriteCommand<T> command, Consumer<T> next) {
    if (stopped) {
      running = false;
      return;
    }
    store.write(command).onComplete(done -> {
      if (done.failed()) {
        stopRound(done.cause());
        return;
      }
      next.accept(done.result());
    });
  }

  private void stopRound(Throwable cause) {
    running = false;
    LOG.log(Level.WARNING, "housekeeping stopped for this round: " + cause.getMessage());
  }
}
