package dev.agentrelay.http.mcp;

import dev.agentrelay.core.bus.Addresses;
import dev.agentrelay.core.bus.DeliveryEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.concurrent.TimeUnit;

/**
 * One subscription to an agent's {@code relay://inbox}: it listens for the agent's committed deliveries and
 * calls {@code notify} (which sends {@code notifications/resources/updated}) while the stream that carries it
 * is open. Many deliveries in a burst make one update per {@value #MIN_GAP_MILLIS} ms at most; deliveries
 * while the stream is down make one update when it opens again. An update carries no items: the client reads
 * the resource, which is the store's state, so nothing is lost between updates.
 *
 * <p>Created on an event loop, whose context then owns all its state; calls from other threads hop onto it.
 */
final class McpInboxWatch {

  static final long MIN_GAP_MILLIS = 100;

  private final Vertx vertx;
  private final Context home;
  private final Runnable notify;
  private final MessageConsumer<DeliveryEvent> consumer;
  private boolean streamOpen;
  private boolean pending;
  private boolean stopped;
  private long lastSentNanos;
  private long timer = -1;

  /** Listens from now on: a delivery committed once this returns is told of. */
  McpInboxWatch(Vertx vertx, String agentId, boolean streamOpen, Runnable notify) {
    this.vertx = vertx;
    this.home = vertx.getOrCreateContext();
    this.notify = notify;
    this.streamOpen = streamOpen;
    this.lastSentNanos = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(MIN_GAP_MILLIS);
    this.consumer = vertx.eventBus().localConsumer(Addresses.inbox(agentId), delivery -> changed());
  }

  void streamOpened() {
    home.runOnContext(v -> {
      streamOpen = true;
      flush();
    });
  }

  void streamClosed() {
    home.runOnContext(v -> streamOpen = false);
  }

  void stop() {
    home.runOnContext(v -> {
      stopped = true;
      consumer.unregister();
      if (timer >= 0) {
        vertx.cancelTimer(timer);
      }
    });
  }

  private void changed() {
    pending = true;
    flush();
  }

  /** Sends the pending update now, or once the gap since the last one has passed. */
  private void flush() {
    if (stopped || !pending || !streamOpen || timer >= 0) {
      return;
    }
    long waitNanos = lastSentNanos + TimeUnit.MILLISECONDS.toNanos(MIN_GAP_MILLIS) - System.nanoTime();
    if (waitNanos > 0) {
      timer = vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos)), fired -> {
        timer = -1;
        flush();
      });
      return;
    }
    pending = false;
    lastSentNanos = System.nanoTime();
    notify.run();
  }
}
