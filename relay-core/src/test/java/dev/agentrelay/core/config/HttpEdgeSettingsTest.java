package dev.agentrelay.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The HTTP server's connection settings: their defaults, overrides, and refused values. */
class HttpEdgeSettingsTest {

  @Test
  void defaultsLeaveRoomForALongPollAndTheBenchmarksTenThousandStreams() {
    RelayConfig config = RelayConfig.from(Map.of());
    assertThat(config.httpIdleTimeoutMillis()).isEqualTo(120_000);
    assertThat(config.httpHeaderTimeoutMillis()).isEqualTo(10_000);
    assertThat(config.httpMaxConnections()).isEqualTo(16_384);
  }

  @Test
  void readsEachFromTheEnvironmentAndKeepsThemOnANewPort() {
    RelayConfig config = RelayConfig.from(Map.of("RELAY_HTTP_IDLE_TIMEOUT_MS", "5000",
        "RELAY_HTTP_HEADER_TIMEOUT_MS", "700", "RELAY_HTTP_MAX_CONNECTIONS", "3")).withPort(0);
    assertThat(config.httpIdleTimeoutMillis()).isEqualTo(5000);
    assertThat(config.httpHeaderTimeoutMillis()).isEqualTo(700);
    assertThat(config.httpMaxConnections()).isEqualTo(3);
  }

  @Test
  void refusesValuesThatWouldCloseEverythingOrNothing() {
    assertThatThrownBy(() -> RelayConfig.from(Map.of("RELAY_HTTP_IDLE_TIMEOUT_MS", "0")))
        .hasMessageContaining("RELAY_HTTP_IDLE_TIMEOUT_MS");
    assertThatThrownBy(() -> RelayConfig.from(Map.of("RELAY_HTTP_HEADER_TIMEOUT_MS", "5")))
        .hasMessageContaining("RELAY_HTTP_HEADER_TIMEOUT_MS");
    assertThatThrownBy(() -> RelayConfig.from(Map.of("RELAY_HTTP_MAX_CONNECTIONS", "0")))
        .hasMessageContaining("RELAY_HTTP_MAX_CONNECTIONS");
    assertThatThrownBy(() -> RelayConfig.from(Map.of("RELAY_HTTP_MAX_CONNECTIONS", "many")))
        .hasMessageContaining("RELAY_HTTP_MAX_CONNECTIONS");
  }
}
