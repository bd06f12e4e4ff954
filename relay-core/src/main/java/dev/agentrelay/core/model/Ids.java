package dev.agentrelay.core.model;

import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Opaque, type-prefixed IDs ({@code task_…}, {@code msg_…}): 48 bits of milliseconds then 80 random bits
 * in Crockford base32, so IDs made later sort later. A delivery ID carries its seq instead of the time
 * (see {@link #delivery}).
 */
public final class Ids {

  public static final String TASK = "task";
  public static final String MESSAGE = "msg";
  public static final String ARTIFACT = "art";
  public static final String DELIVERY = "del";
  public static final String CONTEXT = "ctx";
  public static final String BROADCAST = "bc";

  private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
  private static final int BODY_LENGTH = 26;
  /** Characters of a delivery ID's body that hold its seq (13 x 5 bits cover a long). */
  private static final int SEQ_LENGTH = 13;
  private static final String DELIVERY_PREFIX = DELIVERY + "_";

  private Ids() {
  }

  public static String next(String prefix) {
    return next(prefix, System.currentTimeMillis());
  }

  public static String next(String prefix, long nowMillis) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    char[] out = new char[BODY_LENGTH];
    encode(nowMillis, out, 0, 10);
    encode(random.nextLong() & 0xFF_FFFF_FFFFL, out, 10, 8);
    encode(random.nextLong() & 0xFF_FFFF_FFFFL, out, 18, 8);
    return prefix + "_" + new String(out);
  }

  /**
   * A delivery ID: {@code del_}, the delivery's seq in 13 characters, then 64 random bits. The store finds
   * the row by the seq ({@link #deliverySeq}) and checks the whole ID, so it needs no index on the IDs.
   */
  public static String delivery(long seq) {
    char[] out = new char[BODY_LENGTH];
    encode(seq, out, 0, SEQ_LENGTH);
    encode(ThreadLocalRandom.current().nextLong(), out, SEQ_LENGTH, BODY_LENGTH - SEQ_LENGTH);
    return DELIVERY_PREFIX + new String(out);
  }

  /**
   * The seq that a delivery ID made by {@link #delivery} carries; empty for anything that cannot be one.
   * An ID of the older shape (time first) decodes to some number too: only the stored row can tell.
   */
  public static OptionalLong deliverySeq(String id) {
    if (id.length() != DELIVERY_PREFIX.length() + BODY_LENGTH || !id.startsWith(DELIVERY_PREFIX)) {
      return OptionalLong.empty();
    }
    long seq = 0;
    for (int i = 0; i < SEQ_LENGTH; i++) {
      int digit = digit(id.charAt(DELIVERY_PREFIX.length() + i));
      if (digit < 0 || (seq >>> 58) != 0) {
        return OptionalLong.empty();
      }
      seq = (seq << 5) | digit;
    }
    return OptionalLong.of(seq);
  }

  private static int digit(char c) {
    char lower = Character.toLowerCase(c);
    for (int i = 0; i < ALPHABET.length; i++) {
      if (ALPHABET[i] == lower) {
        return i;
      }
    }
    return -1;
  }

  private static void encode(long value, char[] out, int offset, int length) {
    for (int i = offset + length - 1; i >= offset; i--) {
      out[i] = ALPHABET[(int) (value & 31)];
      value >>>= 5;
    }
  }
}
