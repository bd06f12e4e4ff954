package dev.agentrelay.bench;

import java.util.Random;

/**
 * A walk through memory that no prefetcher can guess: an array holding one random cycle through its cache
 * lines, each line naming the next. Walking it loads every line once, each load waiting for the one before,
 * so its time is the number of lines times what one line costs from wherever it is: the CPU's caches when the
 * walk ran a moment ago, main memory when something else has had the core since.
 */
final class MemoryWalk {

  private MemoryWalk() {
  }

  /** {@code lines} cache lines of {@code lineInts} ints each, linked in one random cycle from line 0. */
  static int[] cycle(int lines, int lineInts) {
    int[] order = new int[lines];
    for (int i = 0; i < lines; i++) {
      order[i] = i;
    }
    Random random = new Random(lines);
    for (int i = lines - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    int[] next = new int[lines * lineInts];
    for (int i = 0; i < lines; i++) {
      next[order[i] * lineInts] = order[(i + 1) % lines] * lineInts;
    }
    return next;
  }

  /** Follows the cycle once round from line 0; the number of lines it loaded. */
  static int walk(int[] cycle) {
    int at = 0;
    int lines = 0;
    do {
      at = cycle[at];
      lines++;
    } while (at != 0);
    return lines;
  }
}
