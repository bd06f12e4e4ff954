package dev.agentrelay.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MemoryWalkTest {

  @Test
  void theWalkLoadsEveryCacheLineOnceAndEndsWhereItBegan() {
    int[] cycle = MemoryWalk.cycle(64, 16);
    Set<Integer> visited = new HashSet<>();
    int at = 0;
    do {
      assertThat(at % 16).as("a line's first int").isZero();
      assertThat(visited.add(at)).as("line %d once", at / 16).isTrue();
      at = cycle[at];
    } while (at != 0);

    assertThat(visited).hasSize(64);
    assertThat(MemoryWalk.walk(cycle)).as("lines loaded").isEqualTo(64);
  }

  @Test
  void theOrderIsNotTheLinesInARow() {
    int[] cycle = MemoryWalk.cycle(64, 16);
    int inARow = 0;
    for (int line = 0; line < 64; line++) {
      if (cycle[line * 16] == ((line + 1) % 64) * 16) {
        inARow++;
      }
    }
    assertThat(inARow).as("lines followed by their neighbour").isLessThan(8);
  }
}
