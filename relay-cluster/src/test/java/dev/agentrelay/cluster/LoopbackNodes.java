package dev.agentrelay.cluster;

import dev.agentrelay.core.config.ClusterSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Cluster nodes in one JVM for these tests: each on a free loopback port, joined to one other member's port. */
final class LoopbackNodes {

  /** Joining takes Hazelcast several seconds even on an idle machine; the machine may be shared by several builds. */
  static final long JOIN_SECONDS = 120;

  private LoopbackNodes() {
  }

  /** A node on {@code port} that joins the member on {@code otherPort} (or starts alone when none answers there). */
  static ClusterVertx start(String nodeId, int port, int otherPort) throws Exception {
    return ClusterVertx.start(settings(nodeId, port, otherPort), options -> Vertx.builder().with(options))
        .await(JOIN_SECONDS, TimeUnit.SECONDS);
  }

  static ClusterSettings settings(String nodeId, int port, int otherPort) {
    return new ClusterSettings(List.of("127.0.0.1:" + otherPort), "127.0.0.1", port, nodeId);
  }

  /** A fanout whose node reloads nothing and keeps no pending counts. */
  static ClusterFanout quietFanout() {
    return new ClusterFanout(agentIds -> Future.succeededFuture(), (delivered, acknowledged) -> { });
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
