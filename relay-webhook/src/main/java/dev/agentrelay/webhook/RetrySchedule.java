package dev.agentrelay.webhook;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** When to try a failed webhook again: the configured delays, each with ±20% jitter so retries spread out. */
final class RetrySchedule {

  private final List<Duration> delays;

  RetrySchedule(List<Duration> delays) {
    this.delays = List.copyOf(delays);
  }

  /** Whether a delivery that has failed {@code attempts} times gets another try. */
  boolean hasRetryAfter(int attempts) {
    return attempts <= delays.size();
  }

  /** The wait before try {@code attempts + 1}, in milliseconds (at least 1). */
  long delayMillisAfter(int attempts) {
    long base = delays.get(attempts - 1).toMillis();
    double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
    return Math.max(1, Math.round(base * jitter));
  }
}
