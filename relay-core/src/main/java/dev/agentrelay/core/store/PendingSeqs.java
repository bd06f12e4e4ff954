package dev.agentrelay.core.store;

import java.util.Arrays;
import java.util.BitSet;

/**
 * One agent's unacknowledged delivery seqs, ascending. Seqs arrive in increasing order; acknowledgements
 * remove any of them, mostly the oldest. Removed slots in the middle are marked and squeezed out when the
 * array next fills. Guarded by its own monitor: the writer changes it, readers page through it.
 */
final class PendingSeqs {

  static final long[] NONE = new long[0];

  private long[] seqs = new long[8];
  private final BitSet removed = new BitSet();
  private int head;
  private int tail;
  private int live;

  synchronized int size() {
    return live;
  }

  /** Appends {@code seq}, which must be greater than every seq added before. */
  synchronized void add(long seq) {
    if (tail > head && seqs[tail - 1] >= seq) {
      throw new IllegalArgumentException("seq " + seq + " is not after " + seqs[tail - 1]);
    }
    if (tail == seqs.length) {
      makeRoom();
    }
    seqs[tail++] = seq;
    live++;
  }

  /** Removes {@code seq}; false if it was not pending. */
  synchronized boolean remove(long seq) {
    int at = Arrays.binarySearch(seqs, head, tail, seq);
    if (at < 0 || removed.get(at)) {
      return false;
    }
    removed.set(at);
    live--;
    while (head < tail && removed.get(head)) {
      removed.clear(head++);
    }
    if (live == 0) {
      head = 0;
      tail = 0;
    }
    return true;
  }

  /** Up to {@code limit} pending seqs greater than {@code after}, ascending. */
  synchronized long[] after(long after, int limit) {
    int at = Arrays.binarySearch(seqs, head, tail, after);
    int from = at >= 0 ? at + 1 : -at - 1;
    return collect(from, Long.MAX_VALUE, limit);
  }

  /** Every pending seq up to and including {@code upTo}, ascending. */
  synchronized long[] upTo(long upTo) {
    return collect(head, upTo, Integer.MAX_VALUE);
  }

  private long[] collect(int from, long upTo, int limit) {
    int max = Math.min(limit, live);
    if (max <= 0) {
      return NONE;
    }
    long[] out = new long[Math.min(max, 128)];
    int count = 0;
    for (int i = removed.nextClearBit(from); i < tail && count < max; i = removed.nextClearBit(i + 1)) {
      if (seqs[i] > upTo) {
        break;
      }
      if (count == out.length) {
        out = Arrays.copyOf(out, Math.min(max, out.length * 2));
      }
      out[count++] = seqs[i];
    }
    return count == out.length ? out : Arrays.copyOf(out, count);
  }

  /** Squeezes out removed slots into an array twice the size of what is pending (at least 8). */
  private void makeRoom() {
    int capacity = Math.max(8, live * 2);
    long[] target = capacity == seqs.length ? seqs : new long[capacity];
    int count = 0;
    for (int i = removed.nextClearBit(head); i < tail; i = removed.nextClearBit(i + 1)) {
      target[count++] = seqs[i];
    }
    seqs = target;
    removed.clear();
    head = 0;
    tail = count;
  }
}
