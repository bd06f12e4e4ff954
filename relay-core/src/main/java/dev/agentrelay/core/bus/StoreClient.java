package dev.agentrelay.core.bus;

import dev.agentrelay.core.Failure;
import dev.agentrelay.core.RelayException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/** How other verticles talk to the store verticle: typed futures over the event bus. */
public final class StoreClient {

  private static final long TIMEOUT_MILLIS = 60_000;

  private final Vertx vertx;
  private final DeliveryOptions options = new DeliveryOptions(LocalCodec.OPTIONS).setSendTimeout(TIMEOUT_MILLIS);

  public StoreClient(Vertx vertx) {
    LocalCodec.register(vertx);
    this.vertx = vertx;
  }

  /** Runs {@code command} in the next group commit; completes once it is on disk. */
  public <R> Future<R> write(WriteCommand<R> command) {
    return request(Addresses.STORE_WRITE, command);
  }

  public <R> Future<R> read(StoreQuery<R> query) {
    return request(Addresses.STORE_READ, query);
  }

  @SuppressWarnings("unchecked")
  private <R> Future<R> request(String address, Object body) {
    return vertx.eventBus().request(address, body, options).compose(reply -> {
      Object answer = reply.body();
      if (answer instanceof RelayException failure) {
        return Future.failedFuture(failure);
      }
      return Future.succeededFuture((R) answer);
    }, StoreClient::unavailable);
  }

  /**
   * The store stopped (no handler) or did not answer in time: a 503 with Retry-After for the caller, not a
   * 500. After a timeout the write may still commit; a retry with the same Idempotency-Key is then a replay.
   */
  private static <R> Future<R> unavailable(Throwable failure) {
    if (failure instanceof ReplyException bus
        && (bus.failureType() == ReplyFailure.NO_HANDLERS || bus.failureType() == ReplyFailure.TIMEOUT)) {
      return Future.failedFuture(new RelayException(Failure.UNAVAILABLE, null,
          bus.failureType() == ReplyFailure.NO_HANDLERS ? "the store is not running; retry later"
              : "the store did not answer in time; retry later"));
    }
    return Future.failedFuture(failure);
  }
}
