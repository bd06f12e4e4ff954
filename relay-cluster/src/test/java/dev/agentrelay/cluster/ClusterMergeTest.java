package dev.agentrelay.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrelay.core.bus.Addresses;
import dev.agentrelay.core.bus.DeliveryEvent;
import dev.agentrelay.core.model.EventType;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two nodes that each started alone (the other unreachable at the time) become one cluster soon after they can
 * reach each other, without a restart, and then carry each other's commits.
 */
class ClusterMergeTest {

  private static final long JOIN_SECONDS = LoopbackNodes.JOIN_SECONDS;

  @Test
  void nodesThatStartedApartMergeIntoOneClusterAndCarryCommits() throws Exception {
    int portA = LoopbackNodes.freePort();
    int portB = LoopbackNodes.freePort();
    int nowhere = LoopbackNodes.freePort();
    ClusterVertx nodeA = LoopbackNodes.start("node-a", portA, portB);
    ClusterVertx nodeB = null;
    try {
      // B lists no live member: it starts a cluster of its own, which A, listing B, finds later
      nodeB = LoopbackNodes.start("node-b", portB, nowhere);
      // each node runs as it would alone, its fanout listening, before the two find each other
      ClusterFanout fanoutA = LoopbackNodes.quietFanout();
      nodeA.vertx().deployVerticle(fanoutA).await(JOIN_SECONDS, TimeUnit.SECONDS);
      nodeB.vertx().deployVerticle(LoopbackNodes.quietFanout()).await(JOIN_SECONDS, TimeUnit.SECONDS);
      // each side takes in the merged member list on its own schedule: wait until both count two
      CompletableFuture<Void> merged = new CompletableFuture<>();
      ClusterVertx b = nodeB;
      long watch = nodeB.vertx().setPeriodic(200, timer -> {
        if (b.members().count() == 2 && nodeA.members().count() == 2) {
          merged.complete(null);
        }
      });
      merged.get(JOIN_SECONDS, TimeUnit.SECONDS);
      nodeB.vertx().cancelTimer(watch);

      DeliveryEvent event = new DeliveryEvent("omega", 1, "dlv_omega1", EventType.BROADCAST, "sender", "{}", null,
          null, null);
      CompletableFuture<DeliveryEvent> heard = new CompletableFuture<>();
      MessageConsumer<DeliveryEvent> inbox = nodeB.vertx().eventBus()
          .localConsumer(Addresses.inbox("omega"), message -> heard.complete(message.body()));
      inbox.completion().await(JOIN_SECONDS, TimeUnit.SECONDS);
      // the merged cluster learns of the subscriptions of the side that merged in a moment after its members: a
      // commit in that moment reaches only the nodes already known (its readers find it in the store)
      long resend = nodeA.vertx().setPeriodic(0, 250,
          timer -> fanoutA.committed(List.of(event), Map.of(), List.of(), List.of(), List.of()));
      assertThat(heard.get(JOIN_SECONDS, TimeUnit.SECONDS)).isEqualTo(event);
      nodeA.vertx().cancelTimer(resend);
    } finally {
      if (nodeB != null) {
        nodeB.vertx().close().await(JOIN_SECONDS, TimeUnit.SECONDS);
      }
      nodeA.vertx().close().await(JOIN_SECONDS, TimeUnit.SECONDS);
    }
  }

}
