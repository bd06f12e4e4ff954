package dev.agentrelay.bench;

import java.util.Locale;

/** Number formatting for the human tables. */
final class Fmt {

  private Fmt() {
  }

  static String ms(double millis) {
    if (millis >= 100) {
      return String.format(Locale.ROOT, "%.0f", millis);
    }
    if (millis >= 10) {
      return String.format(Locale.ROOT, "%.1f", millis);
    }
    return String.format(Locale.ROOT, "%.2f", millis);
  }

  static String count(double n) {
    return String.format(Locale.ROOT, "%,.0f", n);
  }

  static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }

  static String ratio(double r) {
    return String.format(Locale.ROOT, "%.3f", r);
  }

  static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
