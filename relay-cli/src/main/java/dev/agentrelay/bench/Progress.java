package dev.agentrelay.bench;

import java.io.PrintStream;
import java.util.Locale;

/** Progress lines on stderr, each stamped with the seconds since the run started. */
final class Progress {

  private final PrintStream out;
  private final long started = System.nanoTime();

  Progress(PrintStream out) {
    this.out = out;
  }

  void say(String format, Object... args) {
    double elapsed = (System.nanoTime() - started) / 1e9;
    out.printf(Locale.ROOT, "[bench %6.1fs] %s%n", elapsed, String.format(Locale.ROOT, format, args));
    out.flush();
  }

  double elapsedSeconds() {
    return (System.nanoTime() - started) / 1e9;
  }
}
