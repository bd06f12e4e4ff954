package dev.agentrelay.core.store;

import dev.agentrelay.core.bus.StoreClient;
import io.vertx.core.Vertx;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The store's one timer for scheduled deliveries and expiries, however many wait: armed for the earliest
 * instant the store holds, it runs a {@link DueDeliveries} pass then, and the pass answers the next instant.
 * A commit that holds an earlier instant re-arms it ({@link #committed}). Nothing of it lives only in memory:
 * at start the store reads the next instant from its indexes (what fell due while the relay was down is
 * released or expired at once), and a relay without timed items makes no pass at all. Runs on the store
 * verticle's context.
 */
final class DeliveryClock {

  private static final Logger LOG = Logger.getLogger(DeliveryClock.class.getName());
  private static final long RETRY_MILLIS = 1_000;

  private final Vertx vertx;
  private final StoreClient store;
  private long armedFor = Long.MAX_VALUE;
  private long timer = -1;
  private boolean running;
  private boolean rerun;
  private boolean stopped;

  DeliveryClock(Vertx vertx, StoreClient store) {
    this.vertx = vertx;
    this.store = store;
  }

  /** {@code nextInstant}: the first the store holds, read as it opened (overdue ones make a pass at once). */
  void start(long nextInstant) {
    arm(nextInstant);
  }

  void stop() {
    stopped = true;
    vertx.cancelTimer(timer);
  }

  /** A batch committed a delivery time or an expiry at {@code instantMillis}: the timer fires by then. */
  void committed(long instantMillis) {
    if (running) {
      // the pass under way may have read the next instant before this commit: look again after it
      rerun = true;
    } else {
      arm(instantMillis);
    }
  }

  private void arm(long instantMillis) {
    if (stopped || instantMillis == Long.MAX_VALUE || instantMillis >= armedFor) {
      return;
    }
    vertx.cancelTimer(timer);
    armedFor = instantMillis;
    timer = vertx.setTimer(Math.max(1, instantMillis - System.currentTimeMillis()), t -> pass());
  }

  private void pass() {
    vertx.cancelTimer(timer);
    armedFor = Long.MAX_VALUE;
    if (stopped) {
      return;
    }
    running = true;
    rerun = false;
    store.write(DueDeliveries.pass()).onComplete(done -> {
      running = false;
      if (done.failed()) {
        LOG.log(Level.WARNING, "scheduled deliveries and expiries: pass failed, retrying: "
            + done.cause().getMessage());
        arm(System.currentTimeMillis() + RETRY_MILLIS);
      } else if (rerun) {
        pass();
      } else {
        arm(done.result().nextInstant());
      }
    });
  }
}
