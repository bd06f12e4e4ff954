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
  private final DeliveryOptions writeOptions = new DeliveryOptions(BusCodecs.WRITE).setSendTimeout(TIMEOUT_MILLIS);
  private final DeliveryOptions queryOptions = new DeliveryOptions(BusCodecs.QUERY).setSendTimeout(TIMEOUT_MILLIS);

  public StoreClient(Vertx vertx) {
    BusCodecs.register(vertx);
    this.vertx = vertx;
  }

  /** Runs {@code command} in the next group commit; completes once it is on disk. */
  public <R> Future<R> write(WriteCommand<R> command) {
    return request(Addresses.STORE_WRITE, command, writeOptions);
  }

  public <R> Future<R> read(StoreQuery<R> query) {
    return request(Addresses.STORE_READ, query, queryOptions);
  }

  private <R> Future<R> request(String address, Object body, DeliveryOptions options) {
    return vertx.eventBus().<StoreReply>request(address, body, options)
        .compose(reply -> StoreClient.<R>answer(reply.body()), StoreClient::unavailable);
  }

  /**
   * The one unchecked step of the bus: the store answers a command of type {@code R} with the {@code R} that
   * command returned, but the type argument does not survive the trip.
   */
  @SuppressWarnings("unchecked")
  private static <R> Future<R> answer(StoreReply reply) {
    if (reply instanceof StoreReply.Refused refused) {
      return Future.failedFuture(refused.failure());
    }
    return Future.succeededFuture((R) ((StoreReply.Done) reply).value());
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
