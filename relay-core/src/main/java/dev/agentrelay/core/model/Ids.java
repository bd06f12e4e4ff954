package dev.agentrelay.core.model;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Opaque, type-prefixed IDs ({@code task_…}, {@code msg_…}): 48 bits of milliseconds then 80 random bits
 * in Crockford base32, so IDs made later sort later.
 */
public final class Ids {

  public static final String TASK = "task";
  public static final String MESSAGE = "msg";
  public static final String ARTIFACT = "art";
  public static final String DELIVERY = "del";
  public static final String CONTEXT = "ctx";
  public static final String BROADCAST = "bc";

  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

  private Ids() {
  }

  public static String next(String prefix) {
    return next(prefix, System.currentTimeMillis());
  }

  public static String next(String prefix, long nowMillis) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    char[] out = new char[26];
    encode(nowMillis, out, 0, 10);
    encode(random.nextLong() & 0xFF_FFFF_FFFFL, out, 10, 8);
    encode(random.nextLong() & 0xFF_FFFF_FFFFL, out, 18, 8);
    return prefix + "_" + new String(out).toLowerCase(java.util.Locale.ROOT);
  }

  private static void encode(long value, char[] out, int offset, int length) {
    for (int i = offset + length - 1; i >= offset; i--) {
      out[i] = ALPHABET[(int) (value & 31)];
      value >>>= 5;
    }
  }
}
