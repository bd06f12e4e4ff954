package dev.agentrelay.core.store;

import dev.agentrelay.core.RelayCounters;
import dev.agentrelay.core.RelayMeters;
import dev.agentrelay.core.auth.AgentDirectory;
import dev.agentrelay.core.config.RelayConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;

/** Deploys a store verticle on a real SQLite file for a test; answers its deployment id. */
final class StoreDeployment {

  private StoreDeployment() {
  }

  static String deploy(Vertx vertx, RelayConfig config, PendingDeliveries pending, RelayCounters counters)
      throws Exception {
    RelayMeters meters = new RelayMeters(new SimpleMeterRegistry(), counters, pending);
    return vertx.deployVerticle(new StoreVerticle(config, new AgentDirectory(), pending, meters))
        .await(30, TimeUnit.SECONDS);
  }
}
