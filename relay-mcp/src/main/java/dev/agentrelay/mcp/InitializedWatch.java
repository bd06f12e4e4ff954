package dev.agentrelay.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentrelay.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Notices the client's {@code notifications/initialized} on stdin, which the SDK handles without telling anyone:
 * from then on the session is open and the bridge may push to it. Fires once.
 */
final class InitializedWatch implements StdinLines.Watcher {

  private static final byte[] METHOD = "notifications/initialized".getBytes(StandardCharsets.UTF_8);

  private final Runnable onInitialized;
  private volatile boolean fired;

  InitializedWatch(Runnable onInitialized) {
    this.onInitialized = onInitialized;
  }

  @Override
  public void line(byte[] bytes, int length) {
    if (fired || !contains(bytes, length) || !isInitialized(bytes, length)) {
      return;
    }
    fired = true;
    onInitialized.run();
  }

  /** A cheap look first, so that only this one line is parsed. */
  private static boolean contains(byte[] bytes, int length) {
    outer:
    for (int i = 0; i + METHOD.length <= length; i++) {
      for (int j = 0; j < METHOD.length; j++) {
        if (bytes[i + j] != METHOD[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static boolean isInitialized(byte[] bytes, int length) {
    try {
      JsonNode message = Json.MAPPER.readTree(bytes, 0, length);
      return message != null && "notifications/initialized".equals(message.path("method").asText())
          && !message.has("id");
    } catch (IOException e) {
      return false;
    }
  }
}
