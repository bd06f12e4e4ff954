package dev.agentrelay.webhook;

import static dev.agentrelay.webhook.WebhookRelay.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrelay.core.model.ContactMethod;
import dev.agentrelay.core.service.Registration;
import dev.agentrelay.webhook.ScriptedReceiver.Received;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dispatcher's state machine against real receivers and the real store: retries on the schedule, 410 Gone,
 * giving up, order, and a target (secret or URL) that changes while an item is retried.
 */
@ExtendWith(VertxExtension.class)
class AgentDispatcherTest {

  private static final String HOOK = "hooked";

  @TempDir
  Path dir;

  private final List<ScriptedReceiver> receivers = new ArrayList<>();

  @AfterEach
  void stop() {
    receivers.forEach(ScriptedReceiver::close);
  }

  @Test
  void failedAttemptsAreRetriedAfterTheScheduledDelaysThenTheDeliveryLeavesTheInbox(Vertx vertx) {
    ScriptedReceiver receiver = receiver(vertx, 500, 503, 204);
    WebhookRelay relay = WebhookRelay.start(vertx, dir, "300ms,600ms");
    relay.registerWebhookAgent(HOOK, receiver.url());

    relay.send(HOOK, "hello");
    Received first = receiver.next();
    Received second = receiver.next();
    Received third = receiver.next();

    assertThat(List.of(second.id(), third.id())).containsOnly(first.id());
    // the jitter is ±20%: a retry never comes before 80% of its delay (no upper bound on a loaded machine)
    assertThat(second.atNanos() - first.atNanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(240));
    assertThat(third.atNanos() - second.atNanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(480));
    awaitUntil("the delivered item leaves the inbox", () -> relay.pendingOf(HOOK) == 0);
    assertThat(relay.counters().webhookSucceeded.get()).isEqualTo(1);
    assertThat(relay.counters().webhookAttempts.get()).isEqualTo(3);
  }

  @Test
  void afterTheLastScheduledAttemptTheItemIsGivenUpKeptForPollingAndTheNextOneSent(Vertx vertx) {
    ScriptedReceiver receiver = receiver(vertx, 500, 500, 200);
    WebhookRelay relay = WebhookRelay.start(vertx, dir, "50ms");
    relay.registerWebhookAgent(HOOK, receiver.url());

    relay.send(HOOK, "first");
    relay.send(HOOK, "second");
    Received first = receiver.next();
    Received retry = receiver.next();
    Received next = receiver.next();

    assertThat(retry.id()).isEqualTo(first.id());
    assertThat(next.id()).isNotEqualTo(first.id());
    assertThat(next.seq()).isGreaterThan(first.seq());
    awaitUntil("the second item is delivered", () -> relay.counters().webhookSucceeded.get() == 1);
    assertThat(relay.counters().webhookFailed.get()).isEqualTo(1);
    awaitUntil("only the given-up item is left", () -> relay.pendingOf(HOOK) == 1);
    assertThat(relay.contactOf(HOOK).method()).isEqualTo(ContactMethod.WEBHOOK);
  }

  @Test
  void a410GoneSwitchesTheAgentToPollingKeepsTheItemAndSendsNoMore(Vertx vertx) {
    ScriptedReceiver receiver = receiver(vertx, 410);
    WebhookRelay relay = WebhookRelay.start(vertx, dir, "50ms,50ms");
    relay.registerWebhookAgent(HOOK, receiver.url());

    relay.send(HOOK, "anyone there?");
    receiver.next();

    awaitUntil("the agent is switched to polling", () -> relay.contactOf(HOOK).method() == ContactMethod.POLL);
    relay.send(HOOK, "after the switch");
    assertThat(relay.pendingOf(HOOK)).isEqualTo(2);
    assertThat(receiver.requests()).isEqualTo(1);
    assertThat(relay.counters().webhooksDisabled.get()).isEqualTo(1);
  }

  @Test
  void oneAgentsDeliveriesArePostedInSeqOrderOneAtATime(Vertx vertx) {
    ScriptedReceiver receiver = receiver(vertx, 200);
    // the first answer waits until every item is committed, so that they all queue behind it
    Promise<Void> release = receiver.holdAnswer(0);
    WebhookRelay relay = WebhookRelay.start(vertx, dir, "50ms");
    relay.registerWebhookAgent(HOOK, receiver.url());

    for (int i = 0; i < 6; i++) {
      relay.send(HOOK, "item " + i);
    }
    release.complete();
    List<Long> seqs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      seqs.add(receiver.next().seq());
    }

    assertThat(seqs).isSorted().doesNotHaveDuplicates();
    assertThat(receiver.mostInFlight()).isEqualTo(1);
    awaitUntil("every item is delivered", () -> relay.pendingOf(HOOK) == 0);
  }

  @Test
  void aSecretRotatedWhileAnItemIsRetriedSignsItsNextAttempt(Vertx vertx) {
    ScriptedReceiver receiver = receiver(vertx, 500, 200);
    Promise<Void> release = receiver.holdAnswer(0);
    WebhookRelay relay = WebhookRelay.start(vertx, dir, "50ms");
    Registration registration = relay.registerWebhookAgent(HOOK, receiver.url());

    relay.send(HOOK, "signed");
    Received first = receiver.next();
    String rotated = relay.rotateSecret(HOOK);
    release.complete();
    Received retry = receiver.next();

    assertThat(first.signedWith(registration.webhookSecret())).isTrue();
    assertThat(retry.id()).isEqualTo(first.id());
    assertThat(retry.signedWith(rotated)).as("signed with the new secret").isTrue();
    assertThat(retry.signedWith(registration.webhookSecret())).isFalse();
  }

  @Test
  void aUrlChangedWhileAnItemIsRetriedTakesItsNextAttempt(Vertx vertx) {
    ScriptedReceiver old = receiver(vertx, 500);
    ScriptedReceiver moved = receiver(vertx, 200);
    Promise<Void> release = old.holdAnswer(0);
    WebhookRelay relay = WebhookRelay.start(vertx, dir, "50ms,50ms");
    relay.registerWebhookAgent(HOOK, old.url());

    relay.send(HOOK, "follow me");
    Received first = old.next();
    relay.moveWebhook(HOOK, moved.url());
    release.complete();
    Received retry = moved.next();

    assertThat(retry.id()).isEqualTo(first.id());
    awaitUntil("the item is delivered at the new URL", () -> relay.pendingOf(HOOK) == 0);
    assertThat(old.requests()).isEqualTo(1);
  }

  private ScriptedReceiver receiver(Vertx vertx, Integer... statuses) {
    ScriptedReceiver receiver = ScriptedReceiver.start(vertx, statuses);
    receivers.add(receiver);
    return receiver;
  }
}
