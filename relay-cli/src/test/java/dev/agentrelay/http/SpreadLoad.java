package dev.agentrelay.http;

import dev.agentrelay.cli.RelayProcess;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Senders spread over two nodes, half on each, sending direct messages round the recipients until stopped. A sender
 * whose node cuts it off moves to the other node, as behind a load balancer, without retrying the send it lost (it
 * may have been committed; only answers count); one cut off by the node it moved to as well (one that started on the
 * survivor and moved to the killed node) goes back to its first node after a short pause, rather than spin on a dead
 * one. Each message carries a unique marker ({@code load-s-n}).
 */
final class SpreadLoad {

  private static final Duration PAUSE_AFTER_BOTH_CUT_OFF = Duration.ofMillis(50);

  private final Function<RelayProcess, Api> api;
  private final String key;
  private final List<String> recipients;
  private final Map<String, String> answered = new ConcurrentHashMap<>();
  private final List<String> refused = new CopyOnWriteArrayList<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicReference<CountDownLatch> progress = new AtomicReference<>(new CountDownLatch(0));
  private final AtomicLong firstAnswerAfterMoving = new AtomicLong(Long.MAX_VALUE);
  private final List<Thread> senders = new ArrayList<>();

  SpreadLoad(Function<RelayProcess, Api> api, String key, List<String> recipients) {
    this.api = api;
    this.key = key;
    this.recipients = recipients;
  }

  /** Starts {@code perNode} senders on each node. */
  SpreadLoad start(RelayProcess one, RelayProcess other, int perNode) {
    for (int s = 0; s < 2 * perNode; s++) {
      int sender = s;
      RelayProcess first = s % 2 == 0 ? one : other;
      RelayProcess second = s % 2 == 0 ? other : one;
      Thread thread = new Thread(() -> send(sender, first, second), "load-sender-" + s);
      thread.setDaemon(true);
      senders.add(thread);
      thread.start();
    }
    return this;
  }

  private void send(int sender, RelayProcess first, RelayProcess second) {
    RelayProcess node = first;
    for (int n = 0; !stop.get(); n++) {
      String recipient = recipients.get(n % recipients.size());
      String marker = "load-" + sender + "-" + n;
      Api.Reply reply = trySend(node, recipient, marker);
      if (reply == null && node == first) {
        node = second;
      } else if (reply == null) {
        LockSupport.parkNanos(PAUSE_AFTER_BOTH_CUT_OFF.toNanos());
        node = first;
      } else if (reply.status() == 201) {
        answered.put(reply.json().getString("message_id"), recipient);
        if (node == second) {
          firstAnswerAfterMoving.compareAndSet(Long.MAX_VALUE, System.nanoTime());
        }
        progress.get().countDown();
      } else {
        refused.add(marker + ": " + reply);
      }
    }
  }

  /** One send, or null when the node could not be reached or cut the connection. */
  private Api.Reply trySend(RelayProcess node, String recipient, String marker) {
    Future<Api.Reply> reply = api.apply(node).sendAsync(HttpMethod.POST, "/api/v1/messages", key,
        new JsonObject().put("to_agent", recipient).put("content", "payload " + marker), Map.of());
    try {
      return reply.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException cutOff) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop.set(true);
      return null;
    }
  }

  /** Waits until {@code count} more sends are answered 201. */
  void awaitAnswers(int count, Duration timeout) throws InterruptedException {
    CountDownLatch latch = new CountDownLatch(count);
    progress.set(latch);
    if (!latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(count + " more sends not answered 201 within " + timeout + " (" + answered.size()
          + " answered so far, refused: " + refused + ")");
    }
  }

  /** Stops the senders and waits for their last sends. */
  void stop() throws InterruptedException {
    stop.set(true);
    for (Thread sender : senders) {
      sender.join(TimeUnit.SECONDS.toMillis(60));
      if (sender.isAlive()) {
        throw new AssertionError(sender.getName() + " did not finish");
      }
    }
  }

  /** The sends answered 201: message id to recipient. */
  Map<String, String> answered() {
    return answered;
  }

  /** The sends answered with anything but 201. */
  List<String> refused() {
    return refused;
  }

  /** When a sender that moved to its second node first had a 201 there (System.nanoTime()), if one did. */
  long firstAnswerAfterMoving() {
    return firstAnswerAfterMoving.get();
  }
}
