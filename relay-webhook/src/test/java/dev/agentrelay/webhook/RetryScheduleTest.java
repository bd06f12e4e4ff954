package dev.agentrelay.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

  private final RetrySchedule schedule = new RetrySchedule(List.of(Duration.ofSeconds(5), Duration.ofMinutes(1)));

  @Test
  void aDeliveryGetsOneTryMoreThanTheScheduleHasDelays() {
    assertThat(schedule.hasRetryAfter(1)).isTrue();
    assertThat(schedule.hasRetryAfter(2)).isTrue();
    assertThat(schedule.hasRetryAfter(3)).isFalse();
    assertThat(new RetrySchedule(List.of()).hasRetryAfter(1)).isFalse();
  }

  @Test
  void eachDelayIsItsConfiguredValueWithinTwentyPercentAndSpreadsOut() {
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      long first = schedule.delayMillisAfter(1);
      long second = schedule.delayMillisAfter(2);
      assertThat(first).isBetween(4_000L, 6_000L);
      assertThat(second).isBetween(48_000L, 72_000L);
      seen.add(first);
    }
    assertThat(seen).as("jittered, not one fixed delay").hasSizeGreaterThan(100);
  }

  @Test
  void aZeroDelayIsStillAtLeastOneMillisecond() {
    assertThat(new RetrySchedule(List.of(Duration.ZERO)).delayMillisAfter(1)).isEqualTo(1);
  }
}
