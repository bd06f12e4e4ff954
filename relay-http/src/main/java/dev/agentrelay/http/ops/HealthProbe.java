package dev.agentrelay.http.ops;

import dev.agentrelay.core.bus.StoreClient;
import dev.agentrelay.core.service.WriteProbe;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Whether the store takes writes, proven by a real committed write at most once a second however many
 * callers ask: {@code /health} needs no key, and a write per call would let anyone make the relay fsync
 * at will. Callers within a second of a probe's start share its outcome, or wait for it while it runs.
 */
public final class HealthProbe {

  static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final Logger LOG = Logger.getLogger(HealthProbe.class.getName());

  private final AtomicReference<Probe> last = new AtomicReference<>();

  private record Probe(long startedAt, Future<Void> outcome) {

    boolean answersAt(long now) {
      return !outcome.isComplete() || now - startedAt < INTERVAL_NANOS;
    }
  }

  /** Succeeds when the store took a write; the failure's cause is logged here, not shown. */
  public Future<Void> check(StoreClient store) {
    long now = System.nanoTime();
    Probe current = last.get();
    if (current != null && current.answersAt(now)) {
      return current.outcome();
    }
    Promise<Void> outcome = Promise.promise();
    Probe probe = new Probe(now, outcome.future());
    if (!last.compareAndSet(current, probe)) {
      return last.get().outcome(); // another caller started a probe at this instant: share it
    }
    store.write(new WriteProbe()).<Void>mapEmpty()
        .onFailure(cause -> LOG.log(Level.WARNING, "health probe: the store did not take a write", cause))
        .onComplete(outcome);
    return probe.outcome();
  }
}
