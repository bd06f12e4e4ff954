package dev.agentrelay.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class TimesTest {

  @Test
  void readsBackEveryTimestampItFormats() {
    for (int i = 0; i < 10_000; i++) {
      long millis = ThreadLocalRandom.current().nextLong(0, 4_102_444_800_000L);
      assertThat(Times.millis(Times.format(millis))).isEqualTo(millis);
    }
    assertThat(Times.format(1_795_904_465_123L)).isEqualTo("2026-11-28T22:21:05.123Z");
  }

  @Test
  void theSameMillisecondAgainOrAnotherOneAfterItFormatsRight() {
    long earlier = 1_795_904_465_123L;
    long later = earlier + 1;
    for (int i = 0; i < 3; i++) {
      assertThat(Times.format(earlier)).isEqualTo("2026-11-28T22:21:05.123Z");
      assertThat(Times.format(earlier)).isEqualTo("2026-11-28T22:21:05.123Z");
      assertThat(Times.format(later)).isEqualTo("2026-11-28T22:21:05.124Z");
    }
    assertThat(Times.format(0)).isEqualTo("1970-01-01T00:00:00.000Z");
  }

  @Test
  void acceptsOtherRfc3339FormsAndRefusesNonsense() {
    assertThat(Times.millis("2026-11-24T23:31:05.123+01:00")).isEqualTo(Times.millis("2026-11-24T22:31:05.123Z"));
    assertThatThrownBy(() -> Times.millis("2026-11-24Tab:31:05.123Z")).isInstanceOf(IllegalArgumentException.class);
    assertThat(Times.parse("yesterday")).isEmpty();
  }
}
