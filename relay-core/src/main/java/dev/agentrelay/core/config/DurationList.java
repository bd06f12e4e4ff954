package dev.agentrelay.core.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Durations such as {@code 7d} and lists of them such as {@code 5s,30s,2m,10m,30m,1h} (units ms, s, m, h, d; {@code 0} alone is zero). */
final class DurationList {

  /** Webhook retries: the first within 10 s, then growing; six retries, about 1 h 43 min in all. */
  static final String DEFAULT_RETRY_SCHEDULE = "5s,30s,2m,10m,30m,1h";

  private DurationList() {
  }

  static List<Duration> parse(String variable, String text) {
    List<Duration> durations = new ArrayList<>();
    for (String item : text.split(",")) {
      durations.add(parseOne(variable, item.trim().toLowerCase(Locale.ROOT)));
    }
    return durations;
  }

  /** One duration, such as {@code 7d}, {@code 12h} or {@code 0}. */
  static Duration parseOne(String variable, String text) {
    String item = text.trim().toLowerCase(Locale.ROOT);
    if (item.equals("0")) {
      return Duration.ZERO;
    }
    try {
      if (item.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(item.substring(0, item.length() - 2)));
      }
      long amount = Long.parseLong(item.substring(0, item.length() - 1));
      switch (item.charAt(item.length() - 1)) {
        case 's':
          return Duration.ofSeconds(amount);
        case 'm':
          return Duration.ofMinutes(amount);
        case 'h':
          return Duration.ofHours(amount);
        case 'd':
          return Duration.ofDays(amount);
        default:
          break;
      }
    } catch (RuntimeException e) {
      // refused below with the variable's name
    }
    throw new IllegalArgumentException(variable + " must be a duration like 10s, 30m, 12h or 7d (got '" + item + "')");
  }
}
