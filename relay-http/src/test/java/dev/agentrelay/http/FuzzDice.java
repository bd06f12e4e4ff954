package dev.agentrelay.http;

import java.util.List;
import java.util.Random;

/** The fuzzer's only source of chance, so that one seed replays a whole run. */
final class FuzzDice {

  private static final String WORD_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789-_";

  private final Random random;

  FuzzDice(Random random) {
    this.random = random;
  }

  int nextInt(int bound) {
    return random.nextInt(bound);
  }

  boolean chance(int oneIn) {
    return random.nextInt(oneIn) == 0;
  }

  <T> T pick(List<T> options) {
    return options.get(random.nextInt(options.size()));
  }

  /** A word of letters, digits, '-' and '_': nothing a leak check looks for ('.', '$'). */
  String word(int length) {
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < length; i++) {
      word.append(WORD_CHARS.charAt(random.nextInt(WORD_CHARS.length())));
    }
    return word.toString();
  }
}
