package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrelay.core.RelayCounters;
import dev.agentrelay.core.RelayMeters;
import dev.agentrelay.core.store.PendingDeliveries;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private static final long SECOND = 1_000_000_000L;

  /** 10 requests a second, bursts of 20: an idle bucket is full again within 2 s. */
  private final RateLimiter limiter = new RateLimiter(10,
      new RelayMeters(new SimpleMeterRegistry(), new RelayCounters(), new PendingDeliveries()));

  @Test
  void theMinuteSweepForgetsRefilledBucketsAndKeepsTheOthersAsTheyAre() {
    long start = System.nanoTime(); // after the limiter was made: its first sweep is due by start + 1 min
    long sweep = start + RateLimiter.SWEEP_INTERVAL_NANOS;
    assertThat(limiter.take("gone", start)).isZero();
    for (int i = 0; i < 20; i++) {
      assertThat(limiter.take("busy", sweep - SECOND)).isZero();
    }
    assertThat(limiter.agentsTracked()).isEqualTo(2);

    assertThat(limiter.take("other", sweep)).isZero();

    assertThat(limiter.agentsTracked()).as("busy and other; gone's bucket had refilled").isEqualTo(2);
    for (int i = 0; i < 10; i++) {
      assertThat(limiter.take("busy", sweep)).isZero();
    }
    assertThat(limiter.take("busy", sweep)).as("busy's bucket kept its 10 tokens, not reset to 20").isPositive();
  }
}
