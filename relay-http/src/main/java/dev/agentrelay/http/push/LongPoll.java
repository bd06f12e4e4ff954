package dev.agentrelay.http.push;

import com.fasterxml.jackson.databind.util.RawValue;
import dev.agentrelay.core.Failure;
import dev.agentrelay.core.RelayCounters;
import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.bus.Addresses;
import dev.agentrelay.core.bus.DeliveryEvent;
import dev.agentrelay.core.bus.PendingCounts;
import dev.agentrelay.core.bus.StoreClient;
import dev.agentrelay.core.service.ReadInbox;
import dev.agentrelay.http.HttpContext;
import dev.agentrelay.http.KeyWatch;
import dev.agentrelay.http.StreamSlots;
import dev.agentrelay.http.api.Responses;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * One {@code GET /inbox?wait=N} request. It listens for the agent's deliveries before it first reads the
 * inbox, so nothing committed in between is missed; it answers at once when the inbox has items, else with
 * the matching deliveries published in the same turn as the first one (they are committed: no second read),
 * else with an empty page when the wait runs out. A client that goes away releases it; a key that stops
 * working while it waits gets 401. Each takes one of the agent's long-poll slots while it waits
 * ({@code RELAY_LONGPOLL_MAX_PER_AGENT}): over that, 429.
 */
public final class LongPoll {

  private final Vertx vertx;
  private final StoreClient store;
  private final RelayCounters counters;
  private final PendingCounts pending;
  private final StreamSlots slots;
  private final List<DeliveryEvent> woken = new ArrayList<>();
  private final RoutingContext ctx;
  private final ReadInbox read;
  private final long waitMillis;
  private final KeyWatch keyWatch;
  private final Consumer<long[]> answered;
  /** On a node of a cluster a delivery alone is no page: see {@link #wake}. */
  private final boolean readThrough;
  private MessageConsumer<DeliveryEvent> consumer;
  private long timer = -1;
  private boolean listening;
  private boolean reading;
  private boolean done;

  /** {@code answered} hears the seqs of the items of the page that answered the request. */
  public LongPoll(Vertx vertx, StoreClient store, HttpContext http, RoutingContext ctx, ReadInbox read, long waitSeconds,
      Consumer<long[]> answered) {
    this.vertx = vertx;
    this.store = store;
    this.counters = http.counters();
    this.pending = http.pending();
    this.slots = http.longPollSlots();
    this.ctx = ctx;
    this.read = read;
    this.waitMillis = waitSeconds * 1000;
    this.keyWatch = new KeyWatch(vertx, http.agents(), ctx);
    this.answered = answered;
    this.readThrough = http.config().cluster().clustered();
  }

  /** Starts waiting, or throws a 429 RelayException when the agent has all its long-poll slots taken. */
  public void start() {
    slots.take(read.agentId());
    counters.longPollWaiters.incrementAndGet();
    ctx.response().closeHandler(closed -> release());
    consumer = vertx.eventBus().localConsumer(Addresses.inbox(read.agentId()), this::onDelivery);
    keyWatch.start(() -> fail(new RelayException(Failure.UNAUTHORIZED, "invalid_key",
        "the API key stopped working while the request waited (it was rotated, or its agent removed)")));
    consumer.completion().compose(v -> store.read(read)).onComplete(first -> {
      if (first.failed()) {
        fail(first.cause());
      } else if (!first.result().isEmpty()) {
        answer(first.result());
      } else if (!done) {
        listening = true;
        if (!woken.isEmpty()) {
          wake();
        } else {
          timer = vertx.setTimer(waitMillis, fired -> readAndAnswer());
        }
      }
    });
  }

  /**
   * Collects matching deliveries. Only once the first read has found the inbox empty after {@code after}
   * do they alone make the answer: an item committed before this waiter listened is in that read, not here.
   */
  private void onDelivery(Message<DeliveryEvent> message) {
    DeliveryEvent event = message.body();
    boolean matches = event.seq() > read.after() && (read.from() == null || read.from().equals(event.fromAgent()));
    if (!matches || done || reading || woken.size() >= read.limit()) {
      return;
    }
    woken.add(event);
    if (listening && woken.size() == 1) {
      vertx.getOrCreateContext().runOnContext(v -> wake());
    }
  }

  /**
   * Answers with the deliveries that woke the request; on a node of a cluster with a read of the inbox instead: a
   * delivery committed on another node may arrive after a later one committed here, and the page must hold every
   * unacknowledged item up to its last seq.
   */
  private void wake() {
    if (readThrough) {
      readAndAnswer();
    } else {
      answerWoken();
    }
  }

  /** The deliveries that arrived this turn, in seq order, as the page a read would have given. */
  private void answerWoken() {
    woken.sort(Comparator.comparingLong(DeliveryEvent::seq));
    List<RawValue> items = woken.stream().map(event -> new RawValue(event.itemJson())).toList();
    long[] seqs = woken.stream().mapToLong(DeliveryEvent::seq).toArray();
    answer(new ReadInbox.Page(items, seqs[seqs.length - 1], pending.of(read.agentId()), seqs));
  }

  private void readAndAnswer() {
    if (done || reading) {
      return;
    }
    reading = true;
    store.read(read).onSuccess(this::answer).onFailure(this::fail);
  }

  private void answer(ReadInbox.Page page) {
    if (release()) {
      answered.accept(page.seqs());
      Responses.json(ctx, 200, page);
    }
  }

  private void fail(Throwable cause) {
    if (release()) {
      ctx.fail(cause);
    }
  }

  /** Stops listening; answers whether this call was the one that finished the request. */
  private boolean release() {
    if (done) {
      return false;
    }
    done = true;
    slots.release(read.agentId());
    counters.longPollWaiters.decrementAndGet();
    consumer.unregister();
    keyWatch.stop();
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return !ctx.response().closed() && !ctx.response().ended();
  }
}
