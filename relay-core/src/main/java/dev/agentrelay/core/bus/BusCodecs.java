package dev.agentrelay.core.bus;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import java.util.List;

/**
 * Every codec of the relay's own bus types, one per type and registered here only. They pass the object by
 * reference: the store and its callers always share a JVM (one SQLite file has one writer), so nothing is
 * serialized, and a message sent with one of them never leaves the process. The agent-change notices
 * ({@link Addresses#keyRevoked(String)}, {@link Addresses#WEBHOOK_TARGET_CHANGED}) carry a bare agent id
 * and use the event bus's own String codec.
 */
public final class BusCodecs {

  /** Selects the codec of {@link WriteCommand}: the bodies sent to {@link Addresses#STORE_WRITE}. */
  public static final DeliveryOptions WRITE = options(WriteCommandCodec.NAME);
  /** Selects the codec of {@link StoreQuery}: the bodies sent to {@link Addresses#STORE_READ}. */
  public static final DeliveryOptions QUERY = options(StoreQueryCodec.NAME);
  /** Selects the codec of {@link StoreReply}: the store's answer to each write and query. */
  public static final DeliveryOptions REPLY = options(StoreReplyCodec.NAME);
  /** Selects the codec of {@link DeliveryEvent}: the bodies published on the inbox and webhook addresses. */
  public static final DeliveryOptions DELIVERY = options(DeliveryEventCodec.NAME);

  private BusCodecs() {
  }

  /** Registers every codec on {@code vertx} once; later calls do nothing. */
  public static synchronized void register(Vertx vertx) {
    EventBus bus = vertx.eventBus();
    for (MessageCodec<?, ?> codec : List.of(new WriteCommandCodec(), new StoreQueryCodec(), new StoreReplyCodec(),
        new DeliveryEventCodec())) {
      try {
        bus.registerCodec(codec);
      } catch (IllegalStateException alreadyRegistered) {
        // another verticle of this Vert.x instance registered it first
      }
    }
  }

  private static DeliveryOptions options(String codecName) {
    return new DeliveryOptions().setCodecName(codecName).setLocalOnly(true);
  }

  private static final class WriteCommandCodec extends LocalCodec<WriteCommand<?>> {
    static final String NAME = "relay-write-command";

    WriteCommandCodec() {
      super(NAME);
    }
  }

  private static final class StoreQueryCodec extends LocalCodec<StoreQuery<?>> {
    static final String NAME = "relay-store-query";

    StoreQueryCodec() {
      super(NAME);
    }
  }

  private static final class StoreReplyCodec extends LocalCodec<StoreReply> {
    static final String NAME = "relay-store-reply";

    StoreReplyCodec() {
      super(NAME);
    }
  }

  private static final class DeliveryEventCodec extends LocalCodec<DeliveryEvent> {
    static final String NAME = "relay-delivery-event";

    DeliveryEventCodec() {
      super(NAME);
    }
  }

  /** A codec that hands the same object to the receiver, and refuses to put it on a wire. */
  private abstract static class LocalCodec<T> implements MessageCodec<T, T> {

    private final String name;

    LocalCodec(String name) {
      this.name = name;
    }

    @Override
    public final void encodeToWire(Buffer buffer, T value) {
      throw new IllegalStateException("relay messages never leave the process");
    }

    @Override
    public final T decodeFromWire(int pos, Buffer buffer) {
      throw new IllegalStateException("relay messages never leave the process");
    }

    @Override
    public final T transform(T value) {
      return value;
    }

    @Override
    public final String name() {
      return name;
    }

    @Override
    public final byte systemCodecID() {
      return -1;
    }
  }
}
