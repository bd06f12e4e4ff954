package dev.agentrelay.core.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Wire timestamps: RFC 3339, UTC, milliseconds. Stored as epoch milliseconds. */
public final class Times {

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** The last timestamp formatted: a batch of writes stamps all its rows with the same millisecond. */
  private static volatile Formatted last = new Formatted(0, FORMAT.format(Instant.EPOCH));

  private Times() {
  }

  private record Formatted(long epochMillis, String text) {
  }

  public static String format(long epochMillis) {
    Formatted cached = last;
    if (cached.epochMillis() == epochMillis) {
      return cached.text();
    }
    String text = FORMAT.format(Instant.ofEpochMilli(epochMillis));
    last = new Formatted(epochMillis, text);
    return text;
  }

  public static String formatNullable(Long epochMillis) {
    return epochMillis == null ? null : format(epochMillis);
  }

  /** Epoch milliseconds of a timestamp this class formatted (read by position: it is on the write path). */
  public static long millis(String formatted) {
    if (formatted.length() != 24 || formatted.charAt(10) != 'T' || formatted.charAt(23) != 'Z') {
      return parse(formatted).orElseThrow(() -> new IllegalArgumentException("not a timestamp: " + formatted));
    }
    long days = LocalDate.of(digits(formatted, 0, 4), digits(formatted, 5, 2), digits(formatted, 8, 2)).toEpochDay();
    long seconds = days * 86_400 + digits(formatted, 11, 2) * 3600L + digits(formatted, 14, 2) * 60L
        + digits(formatted, 17, 2);
    return seconds * 1000 + digits(formatted, 20, 3);
  }

  private static int digits(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException("not a timestamp: " + text);
      }
      value = value * 10 + (c - '0');
    }
    return value;
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
