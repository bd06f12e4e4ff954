package dev.agentrelay.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrelay.core.config.ClusterSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A cluster host the other nodes could not reach this node at is refused before Hazelcast starts. */
class ClusterVertxTest {

  @Test
  void aWildcardClusterHostIsRefusedWithWhatToSetInstead() {
    Future<ClusterVertx> started = start("0.0.0.0");
    assertThat(started.failed()).isTrue();
    assertThat(started.cause()).hasMessage(
        "RELAY_CLUSTER_HOST must be the address the other nodes reach this node at, not '0.0.0.0'");
  }

  @Test
  void anUnknownClusterHostIsRefusedByName() {
    Future<ClusterVertx> started = start("no-such-host.invalid");
    assertThat(started.failed()).isTrue();
    assertThat(started.cause()).hasMessage("RELAY_CLUSTER_HOST 'no-such-host.invalid' is not a known host or address");
  }

  private static Future<ClusterVertx> start(String host) {
    ClusterSettings settings = new ClusterSettings(List.of("127.0.0.1:5702"), host, 5701, "node-a");
    return ClusterVertx.start(settings, options -> Vertx.builder().with(options));
  }
}
