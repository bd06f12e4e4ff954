package dev.agentrelay.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Tells subscribers that {@code relay://inbox} changed when new items arrive: at once for the first, then at most
 * once per {@link #GAP_NANOS}, the last change of a run always told. Items waiting at the start are no change.
 */
final class ResourceUpdates implements InboxFollower.Listener {

  static final long GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final Runnable notify;
  private final ScheduledExecutorService scheduler;
  private final LongSupplier clock;
  private long lastSent = Long.MIN_VALUE;
  private boolean scheduled;

  ResourceUpdates(Runnable notify, ScheduledExecutorService scheduler, LongSupplier clock) {
    this.notify = notify;
    this.scheduler = scheduler;
    this.clock = clock;
  }

  @Override
  public void pending(long count, List<JsonNode> first) {
    // the client reads the resource when it subscribes
  }

  @Override
  public synchronized void arrived(JsonNode item) {
    if (scheduled) {
      return; // the update already scheduled covers this item
    }
    long now = clock.getAsLong();
    if (lastSent == Long.MIN_VALUE || now - lastSent >= GAP_NANOS) {
      send(now);
    } else {
      scheduled = true;
      scheduler.schedule(this::trailing, GAP_NANOS - (now - lastSent), TimeUnit.NANOSECONDS);
    }
  }

  private synchronized void trailing() {
    scheduled = false;
    send(clock.getAsLong());
  }

  private void send(long now) {
    lastSent = now;
    notify.run();
  }
}
