package dev.agentrelay.core.bus;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Passes commands, queries and their answers between verticles of one process by reference: the store
 * and its callers always share a JVM (one SQLite file has one writer), so nothing is serialized.
 */
public final class LocalCodec implements MessageCodec<Object, Object> {

  public static final String NAME = "relay-local";

  /** Delivery options that select this codec. */
  public static final DeliveryOptions OPTIONS = new DeliveryOptions().setCodecName(NAME).setLocalOnly(true);

  private LocalCodec() {
  }

  /** Registers the codec on {@code vertx} once; later calls do nothing. */
  public static synchronized void register(Vertx vertx) {
    try {
      vertx.eventBus().registerCodec(new LocalCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // another verticle of this Vert.x instance registered it first
    }
  }

  @Override
  public void encodeToWire(Buffer buffer, Object value) {
    throw new IllegalStateException("relay messages never leave the process");
  }

  @Override
  public Object decodeFromWire(int pos, Buffer buffer) {
    throw new IllegalStateException("relay messages never leave the process");
  }

  @Override
  public Object transform(Object value) {
    return value;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
