package dev.agentrelay.http.push;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentrelay.core.RelayCounters;
import dev.agentrelay.core.bus.Addresses;
import dev.agentrelay.core.bus.DeliveryEvent;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Receipt;
import dev.agentrelay.http.KeyWatch;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
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
  private static final long RETRY_MILLIS = 2000;

  private final Vertx vertx;
  private final RelayCounters counters;
  private final HttpServerResponse response;
  private final long keepAliveMillis;
  private final KeyWatch keyWatch;
  private final Runnable onClose;
  private MessageConsumer<DeliveryEvent> consumer;
  private long keepAliveTimer;
  private boolean closed;

  public DeliveriesStream(Vertx vertx, RelayCounters counters, HttpServerResponse response, long keepAliveMillis,
      KeyWatch keyWatch, Runnable onClose) {
    this.vertx = vertx;
    this.counters = counters;
    this.response = response;
    this.keepAliveMillis = keepAliveMillis;
    this.keyWatch = keyWatch;
    this.onClose = onClose;
  }

  public void start() {
    counters.sseSubscribers.incrementAndGet();
    counters.deliveryStreams.incrementAndGet();
    response.setChunked(true)
        .setWriteQueueMaxSize(InboxStream.WRITE_QUEUE_BYTES)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Content-Encoding", "identity")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no");
    response.closeHandler(v -> close());
    response.exceptionHandler(e -> close());
    keepAliveTimer = vertx.setPeriodic(keepAliveMillis, tick -> write(Buffer.buffer(": keep-alive\n\n")));
    consumer = vertx.eventBus().localConsumer(Addresses.DELIVERIES_COMMITTED, message -> send(message.body()));
    // the first line goes out once the stream listens: a client that has it misses no later commit
    consumer.completion().onSuccess(v -> write(Buffer.buffer("retry: " + RETRY_MILLIS + "\n\n")))
        .onFailure(e -> close());
    keyWatch.start(this::end);
  }

  private void send(DeliveryEvent event) {
    String json = Json.write(receipt(event));
    write(Buffer.buffer(json.length() + 64)
        .appendString("id: ").appendString(Long.toString(event.seq()))
        .appendString("\nevent: " + EVENT + "\ndata: ").appendString(json)
        .appendString("\n\n"));
  }

  /** The delivery as its receipt reads at the instant of its commit: queued, never handed out. */
  static Receipt receipt(DeliveryEvent event) {
    JsonNode item = Json.readStored(event.itemJson());
    return new Receipt(event.deliveryId(), event.seq(), event.event().wire(), event.fromAgent(), event.agentId(),
        item.path("task_id").textValue(), Receipt.QUEUED, item.path("created_at").textValue(), null, null, null,
        null, null);
  }

  private void write(Buffer frame) {
    if (closed) {
      return;
    }
    if (response.writeQueueFull()) {
      close();
      response.reset();
      return;
    }
    response.write(frame);
  }

  private void end() {
    close();
    if (!response.ended() && !response.closed()) {
      response.end();
    }
  }

  private void close() {
    if (closed) {
      return;
    }
    closed = true;
    counters.sseSubscribers.decrementAndGet();
    counters.deliveryStreams.decrementAndGet();
    vertx.cancelTimer(keepAliveTimer);
    keyWatch.stop();
    if (consumer != null) {
      consumer.unregister();
    }
    onClose.run();
  }
}
