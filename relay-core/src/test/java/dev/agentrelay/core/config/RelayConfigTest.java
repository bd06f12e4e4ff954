package dev.agentrelay.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelayConfigTest {

  @Test
  void defaultsFollowTheContract() {
    RelayConfig config = RelayConfig.from(Map.of());
    assertThat(config.host()).isEqualTo("0.0.0.0");
    assertThat(config.port()).isEqualTo(8400);
    assertThat(config.database()).isEqualTo(Path.of("./data/relay.db"));
    assertThat(config.maxBodyBytes()).isEqualTo(1_048_576);
    assertThat(config.rateLimit()).isEqualTo(100.0);
    assertThat(config.webhookAllowLocal()).isFalse();
    assertThat(config.sqliteSynchronous()).isEqualTo("FULL");
    assertThat(config.housekeepingMillis()).isEqualTo(3_600_000);
    assertThat(config.retentionAcked()).isEqualTo(java.time.Duration.ofDays(7));
    assertThat(config.retentionAudit()).isZero();
  }

  @Test
  void retentionsAreDurationsWithUnitsOrZero() {
    RelayConfig config = RelayConfig.from(Map.of("RELAY_RETENTION_ACKED", "12h", "RELAY_RETENTION_AUDIT", "30d"));
    assertThat(config.retentionAcked()).isEqualTo(java.time.Duration.ofHours(12));
    assertThat(config.retentionAudit()).isEqualTo(java.time.Duration.ofDays(30));
    assertThat(RelayConfig.from(Map.of("RELAY_RETENTION_ACKED", "0")).retentionAcked()).isZero();
    assertThatThrownBy(() -> RelayConfig.from(Map.of("RELAY_RETENTION_ACKED", "7 days")))
        .hasMessageContaining("RELAY_RETENTION_ACKED").hasMessageContaining("7d");
    assertThatThrownBy(() -> RelayConfig.from(Map.of("RELAY_RETENTION_AUDIT", "-1d")))
        .hasMessageContaining("retention");
  }

  @Test
  void theEnvironmentWinsOverTheConfigFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("relay.env");
    Files.writeString(file, "RELAY_PORT=9000\nRELAY_RATE_LIMIT=\"5\"\nRELAY_DATA_DIR=/srv/relay\n");
    RelayConfig config = RelayConfig.from(Map.of("RELAY_CONFIG", file.toString(), "RELAY_PORT", "9100"));
    assertThat(config.port()).isEqualTo(9100);
    assertThat(config.rateLimit()).isEqualTo(5.0);
    assertThat(config.database()).isEqualTo(Path.of("/srv/relay/relay.db"));
  }

  @Test
  void anEmptyValueInTheConfigFileMeansUnsetAsInTheEnvironment(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("relay.env");
    Files.writeString(file, "RELAY_BOOTSTRAP_TOKEN=\nRELAY_HTTP_INSTANCES=\nRELAY_DB=\"\"\nRELAY_PORT=9000\n");
    RelayConfig config = RelayConfig.from(Map.of("RELAY_CONFIG", file.toString(), "RELAY_DATA_DIR", "/srv/relay"));
    assertThat(config.bootstrapToken()).isNull();
    assertThat(config.httpInstances()).isPositive();
    assertThat(config.database()).isEqualTo(Path.of("/srv/relay/relay.db"));
    assertThat(config.port()).isEqualTo(9000);
  }

  @Test
  void refusesBadValuesNamingTheVariable() {
    assertThatThrownBy(() -> RelayConfig.from(Map.of("RELAY_PORT", "eighty")))
        .hasMessageContaining("RELAY_PORT");
    assertThatThrownBy(() -> RelayConfig.from(Map.of("RELAY_PORT", "70000"))).hasMessageContaining("RELAY_PORT");
    assertThatThrownBy(() -> RelayConfig.from(Map.of("RELAY_WEBHOOK_ALLOW_LOCAL", "yes")))
        .hasMessageContaining("RELAY_WEBHOOK_ALLOW_LOCAL");
    assertThatThrownBy(() -> RelayConfig.from(Map.of("RELAY_TLS_CERT", "/c.pem")))
        .hasMessageContaining("RELAY_TLS_KEY");
    assertThatThrownBy(() -> RelayConfig.from(Map.of("RELAY_HOUSEKEEPING_MS", "0")))
        .hasMessageContaining("RELAY_HOUSEKEEPING_MS");
  }

  @Test
  void neverPrintsTheBootstrapToken() {
    RelayConfig config = RelayConfig.from(Map.of("RELAY_BOOTSTRAP_TOKEN", "s3cret-token-value-0123456789abcdef"));
    assertThat(config.toString()).doesNotContain("s3cret-token-value-0123456789abcdef");
  }
}
