package dev.agentrelay.core.model;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Wire timestamps: RFC 3339, UTC, milliseconds. Stored as epoch milliseconds. */
public final class Times {

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Times() {
  }

  public static String format(long epochMillis) {
    return FORMAT.format(Instant.ofEpochMilli(epochMillis));
  }

  public static String formatNullable(Long epochMillis) {
    return epochMillis == null ? null : format(epochMillis);
  }

  /** Epoch milliseconds of a timestamp this class formatted. */
  public static long millis(String formatted) {
    return parse(formatted).orElseThrow(() -> new IllegalArgumentException("not a timestamp: " + formatted));
  }

  public static Long nullableMillis(String formatted) {
    return formatted == null ? null : millis(formatted);
  }

  /** Parses an RFC 3339 timestamp with any offset; empty when the text is not one. */
  public static Optional<Long> parse(String text) {
    try {
      return Optional.of(java.time.OffsetDateTime.parse(text).toInstant().toEpochMilli());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
