package dev.agentrelay.webhook;

import dev.agentrelay.core.RelayCounters;
import dev.agentrelay.core.bus.InboxEntry;
import dev.agentrelay.core.bus.StoreClient;
import dev.agentrelay.core.bus.WebhookTarget;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.service.DisableWebhook;
import dev.agentrelay.core.service.RecordWebhookAttempt;
import dev.agentrelay.core.service.WebhookBacklog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Delivers one webhook agent's inbox, in seq order, one request in flight. It reads what to send from the
 * store (so a restart resumes where it was), retries failures on the schedule, gives an item up once the
 * schedule is spent (it stays in the inbox for polling), and retires when the endpoint says 410 Gone (the
 * agent is switched to polling) or the agent is no longer reached by webhook. When the agent's target changes
 * (a rotated secret, a new registration), what is still to be sent, retries included, goes to the new one.
 */
final class AgentDispatcher {

  private static final Logger LOG = Logger.getLogger(AgentDispatcher.class.getName());
  private static final int PAGE = 50;

  private final Vertx vertx;
  private final String agentId;
  private final StoreClient store;
  private final WebhookSender sender;
  private final RetrySchedule schedule;
  private final RelayCounters counters;
  private final Consumer<AgentDispatcher> retire;
  private final Deque<InboxEntry> queue = new ArrayDeque<>();
  private WebhookTarget target;
  private long cursor;
  private boolean running;
  private boolean wokenWhileRunning;
  private boolean targetStale;
  private boolean stopped;

  AgentDispatcher(Vertx vertx, String agentId, StoreClient store, WebhookSender sender, RetrySchedule schedule,
      RelayCounters counters, Consumer<AgentDispatcher> retire) {
    this.vertx = vertx;
    this.retire = retire;
    this.agentId = agentId;
    this.store = store;
    this.sender = sender;
    this.schedule = schedule;
    this.counters = counters;
  }

  /** Something new may be in the inbox. */
  void wake() {
    if (stopped) {
      return;
    }
    if (running) {
      wokenWhileRunning = true;
      return;
    }
    running = true;
    fill();
  }

  /** The agent's webhook target changed: read it again before the next attempt. */
  void targetChanged() {
    if (running) {
      targetStale = true;
    }
    wake();
  }

  String agentId() {
    return agentId;
  }

  void stop() {
    stopped = true;
  }

  private void fill() {
    wokenWhileRunning = false;
    store.read(new WebhookBacklog(agentId, cursor, PAGE)).onComplete(read -> {
      if (read.failed() || stopped) {
        idle();
      } else if (read.result().target().isEmpty()) {
        retire();
      } else {
        target = read.result().target().get();
        queue.addAll(read.result().items());
        next();
      }
    });
  }

  /** From the first item not yet settled, with the target as it is now. */
  private void refill() {
    targetStale = false;
    queue.clear();
    fill();
  }

  private void retire() {
    stopped = true;
    running = false;
    retire.accept(this);
  }

  private void next() {
    InboxEntry item = queue.poll();
    if (stopped) {
      running = false;
    } else if (targetStale) {
      refill();
    } else if (item != null) {
      attempt(item, 1);
    } else if (wokenWhileRunning) {
      fill();
    } else {
      idle();
    }
  }

  private void idle() {
    running = false;
    if (wokenWhileRunning && !stopped) {
      wake();
    }
  }

  private void attempt(InboxEntry item, int number) {
    if (item.expiredBy(System.currentTimeMillis())) {
      // it left the inbox unacknowledged while it waited here or between retries: never posted after that
      advance(item);
      return;
    }
    counters.webhookAttempts.incrementAndGet();
    byte[] body = envelope(item);
    String deliveryId = Json.readStored(item.json()).path("delivery_id").asText();
    sender.post(target, deliveryId, body).onComplete(sent -> {
      if (sent.succeeded() && sent.result() >= 200 && sent.result() < 300) {
        delivered(item, deliveryId, number, sent.result());
      } else if (sent.succeeded() && sent.result() == 410) {
        gone(item, deliveryId, number);
      } else {
        String result = sent.succeeded() ? "HTTP " + sent.result() : "error: " + sent.cause().getMessage();
        boolean refused = sent.failed() && sent.cause() instanceof WebhookSender.RefusedTarget;
        failed(item, deliveryId, number, result, refused);
      }
    });
  }

  private void delivered(InboxEntry item, String deliveryId, int number, int status) {
    counters.webhookSucceeded.incrementAndGet();
    record(item, deliveryId, number, RecordWebhookAttempt.DELIVERED, "HTTP " + status).onComplete(v -> advance(item));
  }

  private void failed(InboxEntry item, String deliveryId, int number, String result, boolean refused) {
    if (!refused && schedule.hasRetryAfter(number)) {
      record(item, deliveryId, number, RecordWebhookAttempt.RETRY, result);
      vertx.setTimer(schedule.delayMillisAfter(number), t -> {
        if (stopped) {
          running = false;
        } else if (targetStale) {
          refill();
        } else {
          attempt(item, number + 1);
        }
      });
      return;
    }
    counters.webhookFailed.incrementAndGet();
    LOG.warning("webhook delivery " + deliveryId + " to agent '" + agentId + "' given up after " + number
        + " attempts (" + result + "); it stays in the inbox for polling");
    record(item, deliveryId, number, RecordWebhookAttempt.GAVE_UP, result).onComplete(v -> advance(item));
  }

  private void gone(InboxEntry item, String deliveryId, int number) {
    stopped = true;
    counters.webhookFailed.incrementAndGet();
    counters.webhooksDisabled.incrementAndGet();
    LOG.warning("webhook of agent '" + agentId + "' answered 410 Gone: switched to polling");
    record(item, deliveryId, number, RecordWebhookAttempt.GAVE_UP, "HTTP 410")
        .compose(v -> store.write(new DisableWebhook(agentId, "the endpoint answered 410 Gone")))
        .onComplete(v -> retire());
  }

  private void advance(InboxEntry item) {
    cursor = item.seq();
    next();
  }

  private Future<Boolean> record(InboxEntry item, String deliveryId, int number, String outcome, String result) {
    String taskId = Json.readStored(item.json()).path("task_id").textValue();
    return store.write(new RecordWebhookAttempt(agentId, deliveryId, taskId, number, outcome, result));
  }

  /** {@code {"type", "timestamp", "data"}} with the stored InboxItem spliced in as it is. */
  private static byte[] envelope(InboxEntry item) {
    String json = "{\"type\":" + Json.write(item.event()) + ",\"timestamp\":"
        + Json.write(dev.agentrelay.core.model.Times.format(System.currentTimeMillis())) + ",\"data\":" + item.json()
        + "}";
    return json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
