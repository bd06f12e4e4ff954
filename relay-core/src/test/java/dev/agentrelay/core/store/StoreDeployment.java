package dev.agentrelay.core.store;

import dev.agentrelay.core.RelayCounters;
import dev.agentrelay.core.RelayMeters;
import dev.agentrelay.core.bus.AgentDirectory;
import dev.agentrelay.core.bus.HandOvers;
import dev.agentrelay.core.bus.StoreClient;
import dev.agentrelay.core.config.RelayConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;

/** A store verticle deployed on a real SQLite file for a test, and a client to it. */
final class StoreDeployment {

  private final Vertx vertx;
  private final StoreClient client;
  private final HandOvers handOvers;
  private String id;

  private StoreDeployment(Vertx vertx, String id, HandOvers handOvers) {
    this.vertx = vertx;
    this.id = id;
    this.handOvers = handOvers;
    this.client = new StoreClient(vertx);
  }

  static StoreDeployment deploy(Vertx vertx, RelayConfig config, PendingDeliveries pending, RelayCounters counters)
      throws Exception {
    RelayMeters meters = new RelayMeters(new SimpleMeterRegistry(), counters, pending);
    HandOvers handOvers = new HandOvers();
    String id = vertx.deployVerticle(new StoreVerticle(config, new AgentDirectory(), pending, meters, handOvers))
        .await(30, TimeUnit.SECONDS);
    return new StoreDeployment(vertx, id, handOvers);
  }

  /** Where hand-overs are noted for this store to record. */
  HandOvers handOvers() {
    return handOvers;
  }

  StoreClient client() {
    return client;
  }

  /** Stops the store (finishing its queued writes); a second call does nothing. */
  void undeploy() throws Exception {
    if (id != null) {
      vertx.undeploy(id).await(30, TimeUnit.SECONDS);
      id = null;
    }
  }
}
