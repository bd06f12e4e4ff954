package dev.agentrelay.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrelay.core.bus.Addresses;
import dev.agentrelay.core.bus.DeliveryEvent;
import dev.agentrelay.core.bus.WebhookTarget;
import dev.agentrelay.core.store.PendingDeliveries;
import dev.agentrelay.core.model.EventType;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two relay nodes in one JVM, clustered over loopback (TCP join, ports picked at run time): a commit handed to one
 * node's fanout is published on the other node's bus, once, in order, after the other node reloaded the agents it
 * changed, and never again on the node that committed it.
 */
class ClusterFanoutTest {

  private static final long JOIN_SECONDS = LoopbackNodes.JOIN_SECONDS;
  private static final long EVENT_SECONDS = 30;

  private static ClusterVertx nodeA;
  private static ClusterVertx nodeB;
  private static ClusterFanout fanoutA;
  private static ClusterFanout fanoutB;
  private static final List<List<String>> reloadedOnA = new CopyOnWriteArrayList<>();
  private static volatile AgentReload reloadOnB = agentIds -> Future.succeededFuture();
  private static final PendingDeliveries pendingOnA = PendingDeliveries.countsOnly();
  private static final PendingDeliveries pendingOnB = PendingDeliveries.countsOnly();

  @BeforeAll
  static void startTwoNodes() throws Exception {
    int portA = LoopbackNodes.freePort();
    int portB = LoopbackNodes.freePort();
    nodeA = LoopbackNodes.start("node-a", portA, portB);
    nodeB = LoopbackNodes.start("node-b", portB, portA);
    fanoutA = new ClusterFanout(agentIds -> {
      reloadedOnA.add(agentIds);
      return Future.succeededFuture();
    }, pendingOnA::apply);
    fanoutB = new ClusterFanout(agentIds -> reloadOnB.reload(agentIds), pendingOnB::apply);
    nodeA.vertx().deployVerticle(fanoutA).await(EVENT_SECONDS, TimeUnit.SECONDS);
    nodeB.vertx().deployVerticle(fanoutB).await(EVENT_SECONDS, TimeUnit.SECONDS);
    awaitCarried(nodeA, fanoutA, nodeB, "probe-a");
    awaitCarried(nodeB, fanoutB, nodeA, "probe-b");
  }

  /**
   * A node learns of the other's fanout subscription a moment after both started: a commit before then reaches no
   * one there (its readers find it in the store). The tests start once a commit each way has been carried.
   */
  private static void awaitCarried(ClusterVertx from, ClusterFanout fanout, ClusterVertx to, String agentId)
      throws Exception {
    CompletableFuture<DeliveryEvent> heard = new CompletableFuture<>();
    MessageConsumer<DeliveryEvent> consumer = to.vertx().eventBus()
        .localConsumer(Addresses.inbox(agentId), message -> heard.complete(message.body()));
    consumer.completion().await(EVENT_SECONDS, TimeUnit.SECONDS);
    DeliveryEvent probe = delivery(agentId, 1, null);
    long resend = from.vertx().setPeriodic(0, 250,
        timer -> fanout.committed(List.of(probe), Map.of(), List.of(), List.of(), List.of()));
    try {
      heard.get(JOIN_SECONDS, TimeUnit.SECONDS);
    } finally {
      from.vertx().cancelTimer(resend);
      consumer.unregister().await(EVENT_SECONDS, TimeUnit.SECONDS);
    }
  }

  @AfterAll
  static void stopBothNodes() throws Exception {
    for (ClusterVertx node : new ClusterVertx[] {nodeB, nodeA}) {
      if (node != null) {
        node.vertx().close().await(JOIN_SECONDS, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void eachNodeCountsBothMembers() {
    assertThat(nodeA.members().clustered()).isTrue();
    assertThat(nodeA.members().count()).isEqualTo(2);
    assertThat(nodeB.members().count()).isEqualTo(2);
  }

  @Test
  void aDeliveryCommittedOnOneNodeReachesTheOtherOnceAndInOrderAndNeverComesBack() throws Exception {
    DeliveryEvent first = delivery("alpha", 1, null);
    DeliveryEvent second = delivery("alpha", 2, new WebhookTarget("https://hooks.example/alpha", "whsec_c2VjcmV0"));
    DeliveryEvent fromB = delivery("alpha", 3, null);
    DeliveryEvent last = delivery("alpha", 4, null);
    CompletableFuture<List<DeliveryEvent>> inboxOnB = hear(nodeB, Addresses.inbox("alpha"), last::equals);
    CompletableFuture<List<DeliveryEvent>> webhooksOnB =
        hear(nodeB, Addresses.WEBHOOK_DELIVERY_COMMITTED, second::equals);
    CompletableFuture<List<DeliveryEvent>> relayWideOnB = hear(nodeB, Addresses.DELIVERIES_COMMITTED, last::equals);
    CompletableFuture<List<DeliveryEvent>> inboxOnA = hear(nodeA, Addresses.inbox("alpha"), fromB::equals);

    fanoutA.committed(List.of(first), Map.of(), List.of(), List.of(), List.of());
    fanoutA.committed(List.of(second), Map.of(), List.of(), List.of(), List.of());
    // B's commit reaches A after A's own two came back to A's fanout (they were queued there as they were sent)
    fanoutB.committed(List.of(fromB), Map.of(), List.of(), List.of(), List.of());
    assertThat(await(inboxOnA)).as("A hears only B's commit: its own are not published twice").containsExactly(fromB);
    fanoutA.committed(List.of(last), Map.of(), List.of(), List.of(), List.of());

    assertThat(await(inboxOnB)).as("each of A's deliveries once, in commit order, and not B's own")
        .containsExactly(first, second, last);
    assertThat(await(relayWideOnB)).containsExactly(first, second, last);
    assertThat(await(webhooksOnB)).as("the webhook address hears webhook agents' deliveries only")
        .containsExactly(second);
    assertThat(await(webhooksOnB).get(0).webhook().secret()).isEqualTo("whsec_c2VjcmV0");
  }

  @Test
  void agentChangesAreReloadedOnTheOtherNodeBeforeItsNoticesArePublished() throws Exception {
    List<String> happened = new CopyOnWriteArrayList<>();
    CompletableFuture<List<String>> reloadAsked = new CompletableFuture<>();
    Promise<Void> reloaded = Promise.promise();
    reloadOnB = agentIds -> {
      happened.add("reload " + agentIds);
      reloadAsked.complete(agentIds);
      return reloaded.future();
    };
    CompletableFuture<List<String>> revoked = hear(nodeB, Addresses.keyRevoked("beta"), happened, "beta"::equals);
    CompletableFuture<List<String>> targets = hear(nodeB, Addresses.WEBHOOK_TARGET_CHANGED, happened, "gamma"::equals);
    DeliveryEvent next = delivery("gamma", 7, null);
    CompletableFuture<List<DeliveryEvent>> inbox = hear(nodeB, Addresses.inbox("gamma"), happened, next::equals);

    fanoutA.committed(List.of(), Map.of(), List.of("beta"), List.of("gamma"), List.of("beta", "gamma"));
    fanoutA.committed(List.of(next), Map.of(), List.of(), List.of(), List.of());

    assertThat(await(reloadAsked)).containsExactly("beta", "gamma");
    assertThat(happened).as("nothing is published while the reload runs").containsExactly("reload [beta, gamma]");
    reloaded.complete();
    assertThat(await(revoked)).containsExactly("beta");
    assertThat(await(targets)).containsExactly("gamma");
    assertThat(await(inbox)).containsExactly(next);
    assertThat(happened).as("the notices after the reload, then the next commit")
        .containsExactly("reload [beta, gamma]", "beta", "gamma", next.toString());

    // B's commit reaches A after A's own came back to A's fanout, which dropped it without reloading anything
    CompletableFuture<List<String>> markerOnA = hear(nodeA, Addresses.keyRevoked("delta"), "delta"::equals);
    fanoutB.committed(List.of(), Map.of(), List.of("delta"), List.of(), List.of());
    assertThat(await(markerOnA)).containsExactly("delta");
    assertThat(reloadedOnA).as("A reloads nothing for its own commits").isEmpty();
  }

  @Test
  void theOtherNodesCountsOfPendingDeliveriesFollowEachCommitsDeliveriesAndAcknowledgements() throws Exception {
    DeliveryEvent first = delivery("epsilon", 21, null);
    DeliveryEvent second = delivery("epsilon", 22, null);
    DeliveryEvent marker = delivery("epsilon", 23, null);
    CompletableFuture<List<DeliveryEvent>> heard = hear(nodeB, Addresses.inbox("epsilon"), marker::equals);

    fanoutA.committed(List.of(first, second), Map.of(), List.of(), List.of(), List.of());
    fanoutA.committed(List.of(), Map.of("epsilon", List.of(21L)), List.of(), List.of(), List.of());
    fanoutA.committed(List.of(marker), Map.of(), List.of(), List.of(), List.of());
    await(heard);

    assertThat(pendingOnB.of("epsilon")).as("three delivered, one acknowledged").isEqualTo(2);
    assertThat(pendingOnA.of("epsilon")).as("A's own store counts its commits; the fanout adds nothing there")
        .isZero();
  }

  private static DeliveryEvent delivery(String agentId, long seq, WebhookTarget webhook) {
    return new DeliveryEvent(agentId, seq, "dlv_" + agentId + seq, EventType.MESSAGE_NEW, "sender",
        "{\"seq\":" + seq + ",\"content\":\"h\u00e9llo \u2603\"}", webhook, null, seq * 1000);
  }

  private static <T> CompletableFuture<List<T>> hear(ClusterVertx node, String address, Predicate<T> last)
      throws Exception {
    return hear(node, address, new ArrayList<>(), last);
  }

  /**
   * Everything published on {@code address} on {@code node}'s bus, as the edges listen (a local consumer), until
   * {@code last}; each body is also added to {@code log} as text.
   */
  private static <T> CompletableFuture<List<T>> hear(ClusterVertx node, String address, List<String> log,
      Predicate<T> last) throws Exception {
    CompletableFuture<List<T>> heard = new CompletableFuture<>();
    List<T> bodies = new CopyOnWriteArrayList<>();
    MessageConsumer<T> consumer = node.vertx().eventBus().localConsumer(address);
    consumer.handler(message -> {
      bodies.add(message.body());
      log.add(message.body().toString());
      if (last.test(message.body())) {
        consumer.unregister();
        heard.complete(List.copyOf(bodies));
      }
    });
    consumer.completion().await(EVENT_SECONDS, TimeUnit.SECONDS);
    return heard;
  }

  private static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(EVENT_SECONDS, TimeUnit.SECONDS);
  }

}
