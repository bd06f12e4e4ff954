package dev.agentrelay.mcp;

import java.io.BufferedReader;
import java.io.IOException;

/**
 * Reads {@code text/event-stream} frames: {@code id}, {@code event} and {@code data} fields up to a blank line.
 * Comments and {@code retry} are skipped: the follower keeps its own back-off.
 */
final class SseReader {

  /** One dispatched event; {@code id} and {@code event} are null when the frame had none. */
  record Event(String id, String event, String data) {
  }

  private final BufferedReader in;

  SseReader(BufferedReader in) {
    this.in = in;
  }

  /** The next event with data, or null when the stream ended. */
  Event next() throws IOException {
    String id = null;
    String event = null;
    StringBuilder data = null;
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isEmpty()) {
        if (data != null) {
          return new Event(id, event, data.toString());
        }
        id = null;
        event = null;
        continue;
      }
      if (line.startsWith(":")) {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(line.startsWith(" ", colon + 1) ? colon + 2 : colon + 1);
      switch (field) {
        case "id" -> id = value;
        case "event" -> event = value;
        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        default -> {
          // retry and unknown fields
        }
      }
    }
    return null;
  }
}
