package dev.agentrelay.client;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads {@code text/event-stream} into events (the SSE spec's parsing, less what the relay never sends).
 * {@link #close()} may be called from another thread to end a read that waits on a silent connection.
 */
public final class EventStreamReader implements Closeable {

  /** One event; {@code id} and {@code event} are null when the server sent no such field. */
  public record Event(String id, String event, String data) {
  }

  private final InputStream in;
  private final BufferedReader lines;
  private volatile long lastActivity = System.nanoTime();
  private Long retryMillis;

  public EventStreamReader(InputStream in) {
    this.in = in;
    this.lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  /** The next event, or null when the stream ends. */
  public Event next() throws IOException {
    String id = null;
    String event = null;
    StringBuilder data = null;
    String line;
    while ((line = lines.readLine()) != null) {
      lastActivity = System.nanoTime();
      if (line.isEmpty()) {
        if (data != null) {
          return new Event(id, event, data.toString());
        }
        event = null;
        continue;
      }
      if (line.startsWith(":")) {
        continue; // keep-alive comment
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      value = value.startsWith(" ") ? value.substring(1) : value;
      switch (field) {
        case "id" -> id = value;
        case "event" -> event = value;
        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        case "retry" -> retryMillis = value.matches("\\d{1,9}") ? Long.valueOf(value) : retryMillis;
        default -> { } // ignored, as the SSE spec says
      }
    }
    return null;
  }

  /** The reconnection delay the server asked for, or null. */
  public Long retryMillis() {
    return retryMillis;
  }

  /** Nanoseconds since a line last arrived (comments included). */
  public long idleNanos() {
    return System.nanoTime() - lastActivity;
  }

  /** Closes the connection; not through the BufferedReader, whose lock a blocked read holds. */
  @Override
  public void close() throws IOException {
    in.close();
  }
}
