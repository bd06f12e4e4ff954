package dev.agentrelay.core.store;

import dev.agentrelay.core.RelayCounters;
import dev.agentrelay.core.config.RelayConfig;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The stores a test deploys, each undeployed after the test (before its Vert.x instance closes), whether or
 * not the test undeployed it itself. Register with {@code @RegisterExtension}.
 */
final class StoreDeployments implements AfterEachCallback {

  private final List<StoreDeployment> deployed = new ArrayList<>();

  StoreDeployment deploy(Vertx vertx, RelayConfig config, PendingDeliveries pending, RelayCounters counters)
      throws Exception {
    StoreDeployment deployment = StoreDeployment.deploy(vertx, config, pending, counters);
    deployed.add(deployment);
    return deployment;
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    for (StoreDeployment deployment : deployed) {
      deployment.undeploy();
    }
    deployed.clear();
  }
}
