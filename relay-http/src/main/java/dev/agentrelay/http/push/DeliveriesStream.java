package dev.agentrelay.http.push;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentrelay.core.RelayCounters;
import dev.agentrelay.core.bus.Addresses;
import dev.agentrelay.core.bus.DeliveryEvent;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Receipt;
import dev.agentrelay.core.model.Times;
import dev.agentrelay.http.KeyWatch;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;

/**
 * One SSE connection on {@code GET /deliveries/stream}: every delivery of the relay as it is committed, as a
 * Receipt ({@code event: delivery}, {@code id:} its seq). Live only: it starts with the deliveries committed
 * after it opened. A client that cannot keep up is disconnected rather than buffered without bound; the
 * stream ends when the key that opened it stops working.
 */
public final class DeliveriesStream {

  static final String EVENT = "delivery";

  private final Vertx vertx;
  private final RelayCounters counters;
  private final Runnable onClose;
  private final EventStreamResponse events;
  private MessageConsumer<DeliveryEvent> consumer;

  public DeliveriesStream(Vertx vertx, RelayCounters counters, HttpServerResponse response, long keepAliveMillis,
      KeyWatch keyWatch, Runnable onClose) {
    this.vertx = vertx;
    this.counters = counters;
    this.onClose = onClose;
    this.events = new EventStreamResponse(vertx, counters, response, keepAliveMillis, keyWatch, this::closed);
  }

  public void start() {
    counters.deliveryStreams.incrementAndGet();
    events.open();
    consumer = vertx.eventBus().localConsumer(Addresses.DELIVERIES_COMMITTED, message -> send(message.body()));
    // the first line goes out once the stream listens: a client that has it misses no later commit
    consumer.completion().onSuccess(v -> events.retry()).onFailure(e -> events.close());
    events.watchKey();
  }

  private void send(DeliveryEvent event) {
    events.write(EventStreamResponse.event(event.seq(), EVENT, Json.write(receipt(event))));
  }

  /** The delivery as its receipt reads at the instant of its commit: queued, never handed out. */
  static Receipt receipt(DeliveryEvent event) {
    JsonNode item = Json.readStored(event.itemJson());
    return new Receipt(event.deliveryId(), event.seq(), event.event().wire(), event.fromAgent(), event.agentId(),
        item.path("task_id").textValue(), Receipt.QUEUED, item.path("created_at").textValue(),
        Times.formatNullable(event.deliverAt()), Times.formatNullable(event.expiresAt()), null, null, null);
  }

  private void closed() {
    counters.deliveryStreams.decrementAndGet();
    if (consumer != null) {
      consumer.unregister();
    }
    onClose.run();
  }
}
