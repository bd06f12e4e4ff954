package dev.agentrelay.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreSettingsTest {

  @Test
  void sqliteIsTheDefaultAndNeedsNothingElse() {
    RelayConfig config = RelayConfig.from(Map.of());
    assertThat(config.store().postgres()).isFalse();
    assertThat(config.cluster().clustered()).isFalse();
    assertThat(config.cluster().port()).isEqualTo(5701);
    assertThat(config.cluster().host()).isEqualTo("127.0.0.1");
  }

  @Test
  void postgresUrlsAreTakenAsUsersWriteThem() {
    StoreSettings store = RelayConfig.from(Map.of("RELAY_STORE", "postgres",
        "RELAY_PG_URL", "postgresql://db.internal:5432/relay?sslmode=require", "RELAY_PG_USER", "relay")).store();
    assertThat(store.pgUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/relay?sslmode=require");
    assertThat(store.pgPoolSize()).isEqualTo(8);
    assertThat(store.pgStatementTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(RelayConfig.from(Map.of("RELAY_STORE", "postgres", "RELAY_PG_URL", "jdbc:postgresql://h/db"))
        .store().pgUrl()).isEqualTo("jdbc:postgresql://h/db");
  }

  @Test
  void postgresWithoutAUrlOrWithAnUnknownStoreIsRefused() {
    assertThatThrownBy(() -> RelayConfig.from(Map.of("RELAY_STORE", "postgres")))
        .hasMessageContaining("RELAY_PG_URL");
    assertThatThrownBy(() -> RelayConfig.from(Map.of("RELAY_STORE", "mysql")))
        .hasMessageContaining("RELAY_STORE must be sqlite or postgres");
    assertThatThrownBy(() -> RelayConfig.from(Map.of("RELAY_STORE", "postgres", "RELAY_PG_URL", "mysql://h/db")))
        .hasMessageContaining("postgresql://");
  }

  @Test
  void thePasswordComesFromAFileAndIsNeverPrinted(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("pg-password");
    Files.writeString(file, "s3cret-pass\n");
    RelayConfig config = RelayConfig.from(Map.of("RELAY_STORE", "postgres",
        "RELAY_PG_URL", "postgresql://relay:inline-pass@h:5432/db?password=query-pass",
        "RELAY_PG_PASSWORD_FILE", file.toString()));
    assertThat(config.store().pgPassword()).isEqualTo("s3cret-pass");
    assertThat(config.toString()).doesNotContain("s3cret-pass").doesNotContain("inline-pass")
        .doesNotContain("query-pass").contains("postgres jdbc:postgresql://h:5432/db");
    assertThatThrownBy(() -> RelayConfig.from(Map.of("RELAY_STORE", "postgres", "RELAY_PG_URL", "postgresql://h/db",
        "RELAY_PG_PASSWORD", "a", "RELAY_PG_PASSWORD_FILE", file.toString()))).hasMessageContaining("not both");
  }

  @Test
  void aClusterNeedsPostgresAndWellFormedMembers() {
    assertThatThrownBy(() -> RelayConfig.from(Map.of("RELAY_CLUSTER_MEMBERS", "127.0.0.1:5702")))
        .hasMessageContaining("RELAY_STORE=postgres");
    assertThatThrownBy(() -> RelayConfig.from(Map.of("RELAY_STORE", "postgres", "RELAY_PG_URL", "postgresql://h/db",
        "RELAY_CLUSTER_MEMBERS", "127.0.0.1"))).hasMessageContaining("host:port");
    ClusterSettings cluster = RelayConfig.from(Map.of("RELAY_STORE", "postgres", "RELAY_PG_URL", "postgresql://h/db",
        "RELAY_CLUSTER_MEMBERS", "10.0.0.2:5701, 10.0.0.3:5701", "RELAY_NODE_ID", "node-a")).cluster();
    assertThat(cluster.members()).containsExactly("10.0.0.2:5701", "10.0.0.3:5701");
    assertThat(cluster.nodeId()).isEqualTo("node-a");
    assertThat(cluster.clustered()).isTrue();
  }
}
