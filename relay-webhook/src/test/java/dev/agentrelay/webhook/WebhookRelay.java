package dev.agentrelay.webhook;

import dev.agentrelay.core.RelayCounters;
import dev.agentrelay.core.RelayMeters;
import dev.agentrelay.core.bus.AgentDirectory;
import dev.agentrelay.core.bus.StoreClient;
import dev.agentrelay.core.config.RelayConfig;
import dev.agentrelay.core.model.Agent;
import dev.agentrelay.core.model.AgentStatus;
import dev.agentrelay.core.model.Contact;
import dev.agentrelay.core.model.ContactMethod;
import dev.agentrelay.core.model.Part;
import dev.agentrelay.core.model.Permissions;
import dev.agentrelay.core.model.Times;
import dev.agentrelay.core.service.DeclareAgent;
import dev.agentrelay.core.service.RegisterAgent;
import dev.agentrelay.core.service.Registration;
import dev.agentrelay.core.service.RotateKey;
import dev.agentrelay.core.service.SendMessage;
import dev.agentrelay.core.store.PendingDeliveries;
import dev.agentrelay.core.store.StoreVerticle;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The store on a real SQLite file and the webhook dispatcher beside it, deployed as the launcher deploys them
 * but with their collaborators given; a poll agent that sends, and webhook agents to send to.
 */
final class WebhookRelay {

  static final String SENDER = "sender";

  private final Vertx vertx;
  private final AgentDirectory agents = new AgentDirectory();
  private final PendingDeliveries pending = new PendingDeliveries();
  private final RelayCounters counters = new RelayCounters();
  private final StoreClient store;
  private Agent sender;

  private WebhookRelay(Vertx vertx) {
    this.vertx = vertx;
    this.store = new StoreClient(vertx);
  }

  /** {@code retrySchedule} as RELAY_WEBHOOK_RETRY_SCHEDULE spells it; loopback targets are allowed. */
  static WebhookRelay start(Vertx vertx, Path dir, String retrySchedule) {
    RelayConfig config = RelayConfig.from(Map.of("RELAY_DATA_DIR", dir.toString(),
        "RELAY_WEBHOOK_ALLOW_LOCAL", "true", "RELAY_WEBHOOK_RETRY_SCHEDULE", retrySchedule));
    WebhookRelay relay = new WebhookRelay(vertx);
    RelayMeters meters = new RelayMeters(new SimpleMeterRegistry(), relay.counters, relay.pending);
    await(vertx.deployVerticle(new StoreVerticle(config, relay.agents, relay.pending, meters)));
    await(vertx.deployVerticle(new WebhookVerticle(config, relay.counters)));
    relay.sender = relay.register(SENDER, Contact.POLL).agent();
    return relay;
  }

  Registration registerWebhookAgent(String agentId, String url) {
    return register(agentId, new Contact(ContactMethod.WEBHOOK, url));
  }

  /** Sends a direct text message from {@link #SENDER} to {@code agentId}; answers once it is committed. */
  void send(String agentId, String text) {
    await(store.write(new SendMessage(sender, null, agentId, List.of(Part.text(text)), null, null)));
  }

  /** Gives the agent a new key and webhook secret, as {@code POST /agents/{id}/rotate-key} does. */
  String rotateSecret(String agentId) {
    Agent self = agents.find(agentId).orElseThrow();
    return await(store.write(new RotateKey(self, agentId, true))).webhookSecret();
  }

  /** Declares the agent again with {@code url} as its webhook, as an edited agents file does. */
  void moveWebhook(String agentId, String url) {
    Agent a = agents.find(agentId).orElseThrow();
    await(store.write(new DeclareAgent(new Agent(a.agentId(), a.name(), a.description(), a.version(),
        a.capabilities(), a.trustTier(), new Contact(ContactMethod.WEBHOOK, url), a.permissions(), a.status(),
        a.lastSeen(), a.metadata(), a.registeredAt(), a.updatedAt()))));
  }

  Contact contactOf(String agentId) {
    return agents.find(agentId).orElseThrow().contact();
  }

  long pendingOf(String agentId) {
    return pending.of(agentId);
  }

  RelayCounters counters() {
    return counters;
  }

  /** Waits, by polling on the test thread, until {@code condition} holds; fails after 30 s. */
  static void awaitUntil(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private Registration register(String agentId, Contact contact) {
    String now = Times.format(System.currentTimeMillis());
    Agent agent = new Agent(agentId, agentId, null, null, List.of(), 2, contact, Permissions.ALL,
        AgentStatus.ONLINE, now, null, now, now);
    return await(store.write(new RegisterAgent("test", agent, dev.agentrelay.core.auth.ApiKeys.newKey())));
  }

  static <T> T await(io.vertx.core.Future<T> future) {
    return TestEndpoint.await(future);
  }
}
