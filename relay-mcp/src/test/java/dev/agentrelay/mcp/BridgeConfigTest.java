package dev.agentrelay.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BridgeConfigTest {

  @TempDir
  Path dir;

  @Test
  void readsTheKeyFromAFileWhenNoKeyIsGiven() throws IOException {
    Path file = dir.resolve("worker.key");
    Files.writeString(file, "ark_secret\n");
    BridgeConfig config = BridgeConfig.from(Map.of("RELAY_API_KEY_FILE", file.toString(), "AGENT_ID", "worker"));
    assertThat(config.apiKey()).isEqualTo("ark_secret");
    assertThat(config.relayUrl().toString()).isEqualTo(BridgeConfig.DEFAULT_URL);
    assertThat(config.toString()).doesNotContain("ark_secret");
    assertThat(config.channel()).isTrue();
  }

  @Test
  void relayChannelFalseTurnsTheChannelOff() {
    assertThat(BridgeConfig.from(Map.of("RELAY_API_KEY", "k", "AGENT_ID", "w", "RELAY_CHANNEL", "FALSE")).channel())
        .isFalse();
    assertThatThrownBy(() -> BridgeConfig.from(Map.of("RELAY_API_KEY", "k", "AGENT_ID", "w", "RELAY_CHANNEL", "no")))
        .hasMessageContaining("RELAY_CHANNEL must be true or false");
  }

  @Test
  void namesWhatIsMissingOrWrong() {
    assertThatThrownBy(() -> BridgeConfig.from(Map.of("AGENT_ID", "worker")))
        .hasMessageContaining("RELAY_API_KEY");
    assertThatThrownBy(() -> BridgeConfig.from(Map.of("RELAY_API_KEY", "k")))
        .hasMessageContaining("AGENT_ID");
    assertThatThrownBy(() -> BridgeConfig.from(Map.of("RELAY_API_KEY", "k", "AGENT_ID", "Worker!")))
        .hasMessageContaining("not an agent id");
    assertThatThrownBy(() -> BridgeConfig.from(Map.of("RELAY_URL", "ftp://x", "RELAY_API_KEY", "k",
        "AGENT_ID", "w"))).hasMessageContaining("RELAY_URL");
  }
}
