package dev.agentrelay.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrelay.core.bus.Addresses;
import dev.agentrelay.core.bus.DeliveryEvent;
import dev.agentrelay.core.config.ClusterSettings;
import dev.agentrelay.core.model.EventType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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

  private static final long JOIN_SECONDS = 120;

  @Test
  void nodesThatStartedApartMergeIntoOneClusterAndCarryCommits() throws Exception {
    int portA = freePort();
    int portB = freePort();
    int nowhere = freePort();
    ClusterVertx nodeA = ClusterVertx.start(settings(portA, portB), options -> Vertx.builder().with(options))
        .await(JOIN_SECONDS, TimeUnit.SECONDS);
    ClusterVertx nodeB = null;
    try {
      // B lists no live member: it starts a cluster of its own, which A, listing B, finds later
      nodeB = ClusterVertx.start(settings(portB, nowhere), options -> Vertx.builder().with(options))
          .await(JOIN_SECONDS, TimeUnit.SECONDS);
      // each node runs as it would alone, its fanout listening, before the two find each other
      ClusterFanout fanoutA = new ClusterFanout(agentIds -> Future.succeededFuture(), (delivered, acknowledged) -> { });
      nodeA.vertx().deployVerticle(fanoutA).await(JOIN_SECONDS, TimeUnit.SECONDS);
      nodeB.vertx().deployVerticle(new ClusterFanout(agentIds -> Future.succeededFuture(), (delivered, acknowledged) -> { }))
          .await(JOIN_SECONDS, TimeUnit.SECONDS);
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

  private static ClusterSettings settings(int port, int otherPort) {
    return new ClusterSettings(List.of("127.0.0.1:" + otherPort), "127.0.0.1", port, "node-" + port);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
