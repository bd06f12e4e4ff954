package dev.agentrelay.http.push;

import dev.agentrelay.core.RelayCounters;
import dev.agentrelay.core.bus.Addresses;
import dev.agentrelay.core.bus.DeliveryEvent;
import dev.agentrelay.core.bus.InboxEntry;
import dev.agentrelay.core.bus.StoreClient;
import dev.agentrelay.core.service.ReplayInbox;
import dev.agentrelay.http.KeyWatch;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * One SSE connection on {@code GET /inbox/stream}. It subscribes to the agent's deliveries first, then
 * replays the unacknowledged items after the resume point from the store, then sends what arrived
 * meanwhile and everything after: every item once, in seq order, with no gap at the seam. A client that
 * cannot keep up (its write queue is full) is disconnected rather than buffered without bound; it resumes
 * with Last-Event-ID. The stream ends when the key that opened it stops working. Each event written is
 * reported to {@code onSent} (a hand-over, for receipts).
 */
public final class InboxStream {

  static final int REPLAY_PAGE = 200;
  static final int WRITE_QUEUE_BYTES = 512 * 1024;
  private static final int MAX_BUFFERED_DURING_REPLAY = 10_000;
  private static final long RETRY_MILLIS = 2000;

  private final Vertx vertx;
  private final StoreClient store;
  private final RelayCounters counters;
  private final HttpServerResponse response;
  private final String agentId;
  private final long keepAliveMillis;
  private final KeyWatch keyWatch;
  private final Consumer<String> onClose;
  private final LongConsumer onSent;
  private final List<DeliveryEvent> arrivedDuringReplay = new ArrayList<>();
  private MessageConsumer<DeliveryEvent> consumer;
  private long keepAliveTimer;
  private long lastSent;
  private boolean live;
  private boolean closed;

  public InboxStream(Vertx vertx, StoreClient store, RelayCounters counters, HttpServerResponse response, String agentId,
      long after, long keepAliveMillis, KeyWatch keyWatch, Consumer<String> onClose, LongConsumer onSent) {
    this.vertx = vertx;
    this.store = store;
    this.counters = counters;
    this.response = response;
    this.agentId = agentId;
    this.lastSent = after;
    this.keepAliveMillis = keepAliveMillis;
    this.keyWatch = keyWatch;
    this.onClose = onClose;
    this.onSent = onSent;
  }

  public void start() {
    counters.sseSubscribers.incrementAndGet();
    response.setChunked(true)
        .setWriteQueueMaxSize(WRITE_QUEUE_BYTES)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Content-Encoding", "identity")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no");
    response.closeHandler(v -> close());
    response.exceptionHandler(e -> close());
    response.write("retry: " + RETRY_MILLIS + "\n\n");
    keepAliveTimer = vertx.setPeriodic(keepAliveMillis, tick -> write(Buffer.buffer(": keep-alive\n\n")));
    consumer = vertx.eventBus().localConsumer(Addresses.inbox(agentId), message -> onDelivery(message.body()));
    consumer.completion().onSuccess(v -> replay()).onFailure(e -> close());
    keyWatch.start(this::end);
  }

  private void replay() {
    store.read(new ReplayInbox(agentId, lastSent, REPLAY_PAGE)).onSuccess(items -> {
      items.forEach((InboxEntry item) -> send(item.seq(), item.event(), item.json()));
      if (items.size() == REPLAY_PAGE && !closed) {
        replay();
      } else {
        goLive();
      }
    }).onFailure(e -> close());
  }

  private void goLive() {
    live = true;
    arrivedDuringReplay.forEach(this::sendLive);
    arrivedDuringReplay.clear();
  }

  private void onDelivery(DeliveryEvent event) {
    if (live) {
      sendLive(event);
    } else if (arrivedDuringReplay.size() < MAX_BUFFERED_DURING_REPLAY) {
      arrivedDuringReplay.add(event);
    } else {
      disconnect();
    }
  }

  private void sendLive(DeliveryEvent event) {
    send(event.seq(), event.event().wire(), event.itemJson());
  }

  private void send(long seq, String event, String json) {
    if (seq <= lastSent) {
      return;
    }
    lastSent = seq;
    if (writable()) {
      // noted before the write: a write the client makes once it has the event is committed after the note
      onSent.accept(seq);
      response.write(Buffer.buffer(json.length() + 64)
          .appendString("id: ").appendString(Long.toString(seq))
          .appendString("\nevent: ").appendString(event)
          .appendString("\ndata: ").appendString(json)
          .appendString("\n\n"));
    }
  }

  private void write(Buffer frame) {
    if (writable()) {
      response.write(frame);
    }
  }

  /** Whether a frame may be written now; a client whose queue is full is disconnected instead. */
  private boolean writable() {
    if (closed) {
      return false;
    }
    if (response.writeQueueFull()) {
      disconnect();
      return false;
    }
    return true;
  }

  /** Ends the stream cleanly: a client that reconnects with the same key is refused. */
  private void end() {
    close();
    if (!response.ended() && !response.closed()) {
      response.end();
    }
  }

  /** Drops a client that does not keep up; it comes back with Last-Event-ID. */
  private void disconnect() {
    close();
    response.reset();
  }

  private void close() {
    if (closed) {
      return;
    }
    closed = true;
    counters.sseSubscribers.decrementAndGet();
    vertx.cancelTimer(keepAliveTimer);
    keyWatch.stop();
    if (consumer != null) {
      consumer.unregister();
    }
    onClose.accept(agentId);
  }
}
