package dev.agentrelay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelayProcessTest {

  @TempDir
  Path dataDir;

  @Test
  void theTailIsReadWhileTheReaderAppendsLines() throws Exception {
    RelayProcess relay = new RelayProcess(dataDir, Map.of());
    Thread appender = new Thread(() -> {
      for (int i = 0; i < 20_000; i++) {
        relay.log().add("line " + i);
      }
    });
    appender.start();
    while (appender.isAlive()) {
      assertThat(relay.tail().lines().count()).isLessThanOrEqualTo(40);
    }
    assertThat(relay.tail().lines()).hasSize(40).endsWith("line 19999");
  }
}
