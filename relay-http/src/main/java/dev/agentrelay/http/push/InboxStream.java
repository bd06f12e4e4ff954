package dev.agentrelay.http.push;

import dev.agentrelay.core.RelayCounters;
import dev.agentrelay.core.bus.Addresses;
import dev.agentrelay.core.bus.DeliveryEvent;
import dev.agentrelay.core.bus.InboxEntry;
import dev.agentrelay.core.bus.StoreClient;
import dev.agentrelay.core.service.ReplayInbox;
import dev.agentrelay.http.KeyWatch;
import io.vertx.core.Vertx;
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
 *
 * <p>On a node of a cluster a delivery committed on another node may reach this node after a later one committed
 * here: a stream there takes each event as the signal to read the inbox after the last item it sent ({@code
 * readThrough}), so that it still sends in seq order and steps over none (every seq below a committed one is
 * committed already: the nodes' batches commit one after another).
 */
public final class InboxStream {

  static final int REPLAY_PAGE = 200;
  private static final int MAX_BUFFERED_DURING_REPLAY = 10_000;

  private final Vertx vertx;
  private final StoreClient store;
  private final String agentId;
  private final Consumer<String> onClose;
  private final LongConsumer onSent;
  private final EventStreamResponse events;
  private final List<DeliveryEvent> arrivedDuringReplay = new ArrayList<>();
  private MessageConsumer<DeliveryEvent> consumer;
  private final boolean readThrough;
  private long lastSent;
  private boolean live;
  private boolean reading;
  private boolean readAgain;

  public InboxStream(Vertx vertx, StoreClient store, RelayCounters counters, HttpServerResponse response, String agentId,
      long after, long keepAliveMillis, KeyWatch keyWatch, Consumer<String> onClose, LongConsumer onSent,
      boolean readThrough) {
    this.vertx = vertx;
    this.readThrough = readThrough;
    this.store = store;
    this.agentId = agentId;
    this.lastSent = after;
    this.onClose = onClose;
    this.onSent = onSent;
    this.events = new EventStreamResponse(vertx, counters, response, keepAliveMillis, keyWatch, this::closed);
  }

  public void start() {
    events.open();
    events.retry();
    consumer = vertx.eventBus().localConsumer(Addresses.inbox(agentId), message -> onDelivery(message.body()));
    consumer.completion().onSuccess(v -> readStore(this::goLive)).onFailure(e -> events.close());
    events.watchKey();
  }

  /** Sends the unacknowledged items after the last one sent, page by page, then runs {@code then}. */
  private void readStore(Runnable then) {
    reading = true;
    readAgain = false;
    store.read(new ReplayInbox(agentId, lastSent, REPLAY_PAGE)).onSuccess(items -> {
      items.forEach((InboxEntry item) -> send(item.seq(), item.event(), item.json()));
      if ((items.size() == REPLAY_PAGE || readAgain) && !events.closed()) {
        readStore(then);
      } else {
        reading = false;
        then.run();
      }
    }).onFailure(e -> events.close());
  }

  private void goLive() {
    live = true;
    if (readThrough) {
      if (!arrivedDuringReplay.isEmpty()) {
        readStore(() -> { });
      }
    } else {
      arrivedDuringReplay.forEach(this::sendLive);
    }
    arrivedDuringReplay.clear();
  }

  private void onDelivery(DeliveryEvent event) {
    if (live && readThrough) {
      if (reading) {
        readAgain = true;
      } else {
        readStore(() -> { });
      }
    } else if (live) {
      sendLive(event);
    } else if (arrivedDuringReplay.size() < MAX_BUFFERED_DURING_REPLAY) {
      arrivedDuringReplay.add(event);
    } else {
      events.disconnect();
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
    if (events.writable()) {
      // noted before the write: a write the client makes once it has the event is committed after the note
      onSent.accept(seq);
      events.write(EventStreamResponse.event(seq, event, json));
    }
  }

  private void closed() {
    if (consumer != null) {
      consumer.unregister();
    }
    onClose.accept(agentId);
  }
}
