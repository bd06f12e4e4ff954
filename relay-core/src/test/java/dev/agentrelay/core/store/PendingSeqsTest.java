package dev.agentrelay.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PendingSeqsTest {

  @Test
  void pagesSkipRemovedSeqsAndStartAfterTheGivenOne() {
    PendingSeqs seqs = new PendingSeqs();
    for (long seq = 1; seq <= 10; seq++) {
      seqs.add(seq * 10);
    }
    assertThat(seqs.remove(30)).isTrue();
    assertThat(seqs.remove(30)).isFalse();
    assertThat(seqs.remove(35)).isFalse();

    assertThat(seqs.after(0, 3)).containsExactly(10, 20, 40);
    assertThat(seqs.after(20, 3)).containsExactly(40, 50, 60);
    assertThat(seqs.after(25, 2)).containsExactly(40, 50);
    assertThat(seqs.after(100, 5)).isEmpty();
    assertThat(seqs.upTo(45)).containsExactly(10, 20, 40);
    assertThat(seqs.size()).isEqualTo(9);
  }

  @Test
  void refusesASeqThatIsNotAfterTheLast() {
    PendingSeqs seqs = new PendingSeqs();
    seqs.add(5);
    assertThatThrownBy(() -> seqs.add(5)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void agreesWithASortedSetThroughRandomAddsAndRemovals() {
    Random random = new Random(42);
    PendingSeqs seqs = new PendingSeqs();
    TreeSet<Long> model = new TreeSet<>();
    long next = 1;
    for (int step = 0; step < 30_000; step++) {
      int action = random.nextInt(10);
      if (action < 5) {
        next += 1 + random.nextInt(3);
        seqs.add(next);
        model.add(next);
      } else if (action < 7 && !model.isEmpty()) {
        long oldest = model.pollFirst();
        assertThat(seqs.remove(oldest)).isTrue();
      } else if (action < 9) {
        long any = 1 + (long) (random.nextDouble() * next);
        assertThat(seqs.remove(any)).isEqualTo(model.remove(any));
      } else {
        long after = (long) (random.nextDouble() * next);
        int limit = 1 + random.nextInt(20);
        assertThat(seqs.after(after, limit)).containsExactly(first(model.tailSet(after, false), limit));
        assertThat(seqs.upTo(after)).containsExactly(first(model.headSet(after, true), Integer.MAX_VALUE));
      }
      assertThat(seqs.size()).isEqualTo(model.size());
    }
  }

  private static long[] first(Iterable<Long> values, int limit) {
    List<Long> taken = new ArrayList<>();
    for (long value : values) {
      if (taken.size() == limit) {
        break;
      }
      taken.add(value);
    }
    return taken.stream().mapToLong(Long::longValue).toArray();
  }
}
