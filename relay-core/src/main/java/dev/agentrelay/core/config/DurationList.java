package dev.agentrelay.core.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Lists of durations such as {@code 5s,30s,2m,10m,30m,1h} (units ms, s, m, h). */
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

  private static Duration parseOne(String variable, String item) {
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
        default:
          break;
      }
    } catch (RuntimeException e) {
      // refused below with the variable's name
    }
    throw new IllegalArgumentException(variable + " must be a list like 5s,30s,2m,1h (got '" + item + "')");
  }
}
