package dev.agentrelay.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrelay.core.bus.Addresses;
import dev.agentrelay.core.bus.DeliveryEvent;
import dev.agentrelay.core.model.EventType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A node that joins a running node: once {@link ClusterVertx#seenByOthers} says so, the running node's very next
 * commit reaches it, with no retry. Without the wait, a commit sent right after the joining node's fanout started
 * was lost about one time in three (the running node did not know the new subscription yet).
 */
class ClusterJoinTest {

  private static final long JOIN_SECONDS = LoopbackNodes.JOIN_SECONDS;
  private static final int ROUNDS = 4;

  @Test
  void aJoinedNodeThatOthersSeeGetsTheirNextCommitAtOnce() throws Exception {
    int portA = LoopbackNodes.freePort();
    ClusterVertx nodeA = LoopbackNodes.start("node-a", portA, LoopbackNodes.freePort());
    try {
      ClusterFanout fanoutA = LoopbackNodes.quietFanout();
      nodeA.vertx().deployVerticle(fanoutA).await(JOIN_SECONDS, TimeUnit.SECONDS);
      for (int round = 0; round < ROUNDS; round++) {
        ClusterVertx nodeB = LoopbackNodes.start("node-b" + round, LoopbackNodes.freePort(), portA);
        try {
          String agent = "joined-" + round;
          CompletableFuture<DeliveryEvent> heard = new CompletableFuture<>();
          nodeB.vertx().eventBus().<DeliveryEvent>localConsumer(Addresses.inbox(agent),
              message -> heard.complete(message.body())).completion().await(JOIN_SECONDS, TimeUnit.SECONDS);
          nodeB.vertx().deployVerticle(LoopbackNodes.quietFanout()).await(JOIN_SECONDS, TimeUnit.SECONDS);

          assertThat(nodeB.seenByOthers(Addresses.CLUSTER_COMMITS, Duration.ofSeconds(JOIN_SECONDS))
              .await(JOIN_SECONDS, TimeUnit.SECONDS)).as("round %d: node A sees node B's fanout", round).isTrue();
          DeliveryEvent event = new DeliveryEvent(agent, 1, "dlv_" + agent, EventType.BROADCAST, "sender", "{}", null,
              null, null);
          fanoutA.committed(List.of(event), Map.of(), List.of(), List.of(), List.of());

          assertThat(heard.get(30, TimeUnit.SECONDS)).as("round %d", round).isEqualTo(event);
        } finally {
          nodeB.vertx().close().await(JOIN_SECONDS, TimeUnit.SECONDS);
        }
      }
    } finally {
      nodeA.vertx().close().await(JOIN_SECONDS, TimeUnit.SECONDS);
    }
  }

  @Test
  void aNodeAloneIsSeenByEveryOtherAtOnce() throws Exception {
    ClusterVertx alone = LoopbackNodes.start("alone", LoopbackNodes.freePort(), LoopbackNodes.freePort());
    try {
      assertThat(alone.seenByOthers(Addresses.CLUSTER_COMMITS, Duration.ofSeconds(1))
          .await(JOIN_SECONDS, TimeUnit.SECONDS)).isTrue();
    } finally {
      alone.vertx().close().await(JOIN_SECONDS, TimeUnit.SECONDS);
    }
  }

}
