package dev.agentrelay.webhook;

import dev.agentrelay.core.bus.Addresses;
import dev.agentrelay.core.RelayCounters;
import dev.agentrelay.core.SharedObjects;
import dev.agentrelay.core.config.RelayConfig;
import dev.agentrelay.core.service.ReadWebhookTotals;
import dev.agentrelay.core.service.WebhookAgents;
import dev.agentrelay.core.bus.DeliveryEvent;
import dev.agentrelay.core.bus.StoreClient;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.HashMap;
import java.util.Map;

/**
 * Webhook dispatch: one {@link AgentDispatcher} per webhook agent, woken by each committed delivery for it,
 * by each change of its target (so that an agent that becomes a webhook agent gets its backlog at once), and,
 * at start, for every webhook agent so that deliveries pending from before a restart go out.
 * The launcher deploys it by class name (relay-http may not compile against this module), and then its settings
 * come from {@link SharedObjects}; a deployment that can name the class gives them to the constructor.
 */
public final class WebhookVerticle extends VerticleBase {

  private final Map<String, AgentDispatcher> dispatchers = new HashMap<>();
  private RelayConfig config;
  private StoreClient store;
  private WebhookSender sender;
  private RetrySchedule schedule;
  private RelayCounters counters;
  private MessageConsumer<DeliveryEvent> deliveries;
  private MessageConsumer<String> targets;

  /** For a deployment by class name: the relay's configuration and counters are read from {@link SharedObjects}. */
  public WebhookVerticle() {
  }

  /** With the relay's configuration and the counters this dispatcher adds to. */
  public WebhookVerticle(RelayConfig config, RelayCounters counters) {
    this.config = config;
    this.counters = counters;
  }

  @Override
  public Future<?> start() {
    if (config == null) {
      config = SharedObjects.config(vertx);
      counters = SharedObjects.meters(vertx).counters();
    }
    store = new StoreClient(vertx);
    sender = new WebhookSender(vertx, config.webhookAllowLocal(), AttemptLimits.DEFAULT);
    schedule = new RetrySchedule(config.webhookRetrySchedule());
    // the counters go on from the audit log's totals, counted before any dispatcher runs
    return store.read(new ReadWebhookTotals()).compose(totals -> {
      countFrom(totals);
      deliveries = vertx.eventBus().localConsumer(Addresses.WEBHOOK_DELIVERY_COMMITTED,
          message -> dispatcher(message.body().agentId()).wake());
      targets = vertx.eventBus().localConsumer(Addresses.WEBHOOK_TARGET_CHANGED,
          message -> dispatcher(message.body()).targetChanged());
      return Future.all(deliveries.completion(), targets.completion());
    })
        .compose(v -> store.read(new WebhookAgents()))
        .onSuccess(agents -> agents.forEach(agentId -> dispatcher(agentId).wake()));
  }

  private void countFrom(ReadWebhookTotals.Totals totals) {
    counters.webhookAttempts.addAndGet(totals.attempts());
    counters.webhookSucceeded.addAndGet(totals.delivered());
    counters.webhookFailed.addAndGet(totals.gaveUp());
    counters.webhooksDisabled.addAndGet(totals.disabled());
  }

  private AgentDispatcher dispatcher(String agentId) {
    return dispatchers.computeIfAbsent(agentId,
        id -> new AgentDispatcher(vertx, id, store, sender, schedule, counters, this::retire));
  }

  private void retire(AgentDispatcher dispatcher) {
    dispatchers.remove(dispatcher.agentId(), dispatcher);
  }

  @Override
  public Future<?> stop() {
    dispatchers.values().forEach(AgentDispatcher::stop);
    sender.close();
    return Future.all(deliveries.unregister(), targets.unregister());
  }
}
