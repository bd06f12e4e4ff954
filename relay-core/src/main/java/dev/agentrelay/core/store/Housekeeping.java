package dev.agentrelay.core.store;

import io.vertx.core.Vertx;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the store's housekeeping ({@link Maintenance#sweep}) soon after start and then every period. A round
 * is a chain of bounded passes, each its own write, so that sends go on between them.
 */
final class Housekeeping {

  private static final Logger LOG = Logger.getLogger(Housekeeping.class.getName());
  /** A relay that runs for less than a period (a laptop's) still gets its first round. */
  private static final long FIRST_ROUND_MAX_DELAY_MILLIS = 60_000;

  private final Vertx vertx;
  private final StoreClient store;
  private final long periodMillis;
  private long timer = -1;
  private boolean running;
  private boolean stopped;

  Housekeeping(Vertx vertx, StoreClient store, long periodMillis) {
    this.vertx = vertx;
    this.store = store;
    this.periodMillis = periodMillis;
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
    if (!running) {
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
        running = false;
        LOG.log(Level.WARNING, "housekeeping stopped for this round: " + done.cause().getMessage());
        return;
      }
      Maintenance.Swept swept = done.result();
      int keys = keysSoFar + swept.expiredIdempotencyKeys();
      int ids = idsSoFar + swept.settledLegacyIds();
      if (swept.more()) {
        pass(swept.legacyCursor(), keys, ids);
        return;
      }
      running = false;
      if (keys + ids > 0) {
        LOG.info("housekeeping: " + keys + " expired idempotency records and " + ids
            + " settled pre-upgrade delivery IDs deleted");
      }
    });
  }
}
