package dev.agentrelay.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class IdsTest {

  @Test
  void aDeliveryIdGivesBackItsSeq() {
    for (long seq : new long[] {0, 1, 31, 32, 1_000_000, Long.MAX_VALUE}) {
      assertThat(Ids.deliverySeq(Ids.delivery(seq))).hasValue(seq);
    }
    for (int i = 0; i < 1_000; i++) {
      long seq = ThreadLocalRandom.current().nextLong(Long.MAX_VALUE);
      assertThat(Ids.deliverySeq(Ids.delivery(seq))).hasValue(seq);
    }
  }

  @Test
  void deliveryIdsLookLikeTheOtherIdsAndSortBySeq() {
    String id = Ids.delivery(42);
    assertThat(id).matches("del_[0-9a-hjkmnp-tv-z]{26}").hasSameSizeAs(Ids.next(Ids.DELIVERY));
    assertThat(Ids.next(Ids.MESSAGE)).matches("msg_[0-9a-hjkmnp-tv-z]{26}");
    assertThat(Ids.delivery(41).compareTo(id)).isNegative();
    assertThat(Ids.delivery(43).compareTo(id)).isPositive();
    assertThat(Ids.delivery(42)).isNotEqualTo(id);
    assertThat(Ids.deliverySeq(id.toUpperCase().replace("DEL_", "del_"))).hasValue(42);
  }

  @Test
  void whatCannotBeADeliveryIdCarriesNoSeq() {
    String id = Ids.delivery(7);
    assertThat(Ids.deliverySeq("del_unknown")).isEmpty();
    assertThat(Ids.deliverySeq("msg_" + id.substring(4))).isEmpty();
    assertThat(Ids.deliverySeq(id + "0")).isEmpty();
    assertThat(Ids.deliverySeq("del_000000000000u" + id.substring(17))).isEmpty();
    // 13 characters hold 65 bits; a seq is at most 63
    assertThat(Ids.deliverySeq("del_8000000000000" + id.substring(17))).isEqualTo(OptionalLong.empty());
    assertThat(Ids.deliverySeq("del_7zzzzzzzzzzzz" + id.substring(17))).hasValue(Long.MAX_VALUE);
  }
}
