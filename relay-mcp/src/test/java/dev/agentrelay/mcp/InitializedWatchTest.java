package dev.agentrelay.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InitializedWatchTest {

  @Test
  void firesOnceOnTheClientsInitializedNotificationOnly() throws Exception {
    AtomicInteger fired = new AtomicInteger();
    String input = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"note\":"
        + "\"notifications/initialized\"}}\n"
        + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
        + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n";
    StdinLines lines = new StdinLines(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), 1024,
        () -> {
        }, new InitializedWatch(fired::incrementAndGet));

    assertThat(new String(lines.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(input);
    assertThat(fired).hasValue(1);
  }
}
