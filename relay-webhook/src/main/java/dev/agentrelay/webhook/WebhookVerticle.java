package dev.agentrelay.webhook;

import dev.agentrelay.core.Addresses;
import dev.agentrelay.core.RelayCounters;
import dev.agentrelay.core.SharedObjects;
import dev.agentrelay.core.config.RelayConfig;
import dev.agentrelay.core.service.WebhookAgents;
import dev.agentrelay.core.store.DeliveryEvent;
import dev.agentrelay.core.store.StoreClient;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.HashMap;
import java.util.Map;

/**
 * Webhook dispatch: one {@link AgentDispatcher} per webhook agent, woken by each committed delivery for it,
 * and, at start, for every webhook agent so that deliveries pending from before a restart go out.
 * Deployed by class name by the launcher; its settings come from {@link SharedObjects}.
 */
public final class WebhookVerticle extends VerticleBase {

  private final Map<String, AgentDispatcher> dispatchers = new HashMap<>();
  private StoreClient store;
  private WebhookSender sender;
  private RetrySchedule schedule;
  private RelayCounters counters;
  private MessageConsumer<DeliveryEvent> consumer;

  @Override
  public Future<?> start() {
    RelayConfig config = SharedObjects.config(vertx);
    counters = SharedObjects.meters(vertx).counters();
    store = new StoreClient(vertx);
    sender = new WebhookSender(vertx, config.webhookAllowLocal());
    schedule = new RetrySchedule(config.webhookRetrySchedule());
    consumer = vertx.eventBus().localConsumer(Addresses.WEBHOOK_DELIVERY_COMMITTED,
        message -> dispatcher(message.body().agentId()).wake());
    return consumer.completion()
        .compose(v -> store.read(new WebhookAgents()))
        .onSuccess(agents -> agents.forEach(agentId -> dispatcher(agentId).wake()));
  }

  private AgentDispatcher dispatcher(String agentId) {
    return dispatchers.computeIfAbsent(agentId,
        id -> new AgentDispatcher(vertx, id, store, sender, schedule, counters, () -> dispatchers.remove(id)));
  }

  @Override
  public Future<?> stop() {
    dispatchers.values().forEach(AgentDispatcher::stop);
    sender.close();
    return consumer.unregister();
  }
}
