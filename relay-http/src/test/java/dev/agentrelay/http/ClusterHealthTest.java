package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrelay.core.ClusterMembers;
import dev.agentrelay.core.RelayCounters;
import dev.agentrelay.core.RelayMeters;
import dev.agentrelay.core.bus.AgentDirectory;
import dev.agentrelay.core.config.RelayConfig;
import dev.agentrelay.core.service.SecretFiles;
import dev.agentrelay.core.bus.HandOvers;
import dev.agentrelay.core.store.PendingDeliveries;
import dev.agentrelay.core.store.StoreVerticle;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The health answer of a node in a cluster: its node id and the member count the launcher hands the edge (the
 * cluster manager's, counted live; relay-cluster's tests count two real members), read at each request.
 */
@ExtendWith(VertxExtension.class)
class ClusterHealthTest {

  @TempDir
  Path dir;

  @Test
  void aNodeInAClusterShowsItsIdAndTheMembersItSeesNow(Vertx vertx) throws Exception {
    RelayConfig config = RelayConfig.from(Map.of("RELAY_DATA_DIR", dir.toString(), "RELAY_HOST", "127.0.0.1",
        "RELAY_PORT", "0", "RELAY_NODE_ID", "relay-b"));
    SecretFiles.createPrivateDirectory(config.dataDir());
    AgentDirectory agents = new AgentDirectory();
    PendingDeliveries pending = new PendingDeliveries();
    HandOvers handOvers = new HandOvers();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    RelayMeters meters = new RelayMeters(registry, new RelayCounters(), pending);
    String store = TestRelay.await(vertx.deployVerticle(new StoreVerticle(config, agents, pending, meters, handOvers)));
    AtomicInteger members = new AtomicInteger(2);
    HttpEdge edge = TestRelay.await(HttpEdge.start(vertx, config, agents, pending, meters, registry, handOvers,
        ClusterMembers.counted(members::get)));
    try {
      Api api = new Api(WebClient.create(vertx), "127.0.0.1", edge.port());

      JsonObject body = api.get("/api/v1/health", null).json();
      assertThat(body.getString("status")).isEqualTo("ok");
      assertThat(body.getString("node")).isEqualTo("relay-b");
      assertThat(body.getJsonObject("cluster")).isEqualTo(new JsonObject().put("members", 2));

      members.set(1);
      assertThat(api.get("/api/v1/health", null).json().getJsonObject("cluster").getInteger("members"))
          .as("a member that left is no longer counted").isEqualTo(1);
    } finally {
      TestRelay.await(edge.stop());
      TestRelay.await(vertx.undeploy(store));
    }
  }
}
