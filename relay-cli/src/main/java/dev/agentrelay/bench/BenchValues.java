package dev.agentrelay.bench;

import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The values {@code relay bench} options take, checked as picocli converts them. */
final class BenchValues {

  private BenchValues() {
  }

  /** A count of at least 1; takes k and M ("10k"). */
  static final class Positive implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      long n = size(value, "must be a number, not '" + value + "'");
      if (n < 1 || n > Integer.MAX_VALUE) {
        throw new TypeConversionException("must be at least 1, not '" + value + "'");
      }
      return (int) n;
    }
  }

  /** A positive number of seconds (or minutes), fractions allowed. */
  static final class PositiveSeconds implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      double s;
      try {
        s = Double.parseDouble(value);
      } catch (NumberFormatException e) {
        throw new TypeConversionException("must be a number, not '" + value + "'");
      }
      if (!(s > 0) || Double.isInfinite(s)) {
        throw new TypeConversionException("must be positive, not '" + value + "'");
      }
      return s;
    }
  }

  /** An inbox depth: 1..100M, with k and M. */
  static final class InboxSize implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      String refusal = "inbox sizes must be 1..100M, not '" + value + "'";
      long n = size(value, refusal);
      if (n < 1 || n > 100_000_000) {
        throw new TypeConversionException(refusal);
      }
      return (int) n;
    }
  }

  /** A number of rows: 1..100M, with k and M. */
  static final class Rows implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      long n;
      try {
        n = parseSize(value);
      } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
        n = -1;
      }
      if (n < 1 || n > 100_000_000) {
        throw new TypeConversionException("a row count must be 1..100M, not '" + value + "'");
      }
      return (int) n;
    }
  }

  /** One of {@link BenchOptions#KNOWN_SCENARIOS}, any case. */
  static final class Scenario implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      return oneOf(value, BenchOptions.KNOWN_SCENARIOS,
          "unknown scenario '" + value + "'; choose from " + BenchOptions.KNOWN_SCENARIOS);
    }
  }

  /** sse or long-poll. */
  static final class PushMode implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      return oneOf(value, List.of("sse", "long-poll"), "push modes are sse and long-poll, not '" + value + "'");
    }
  }

  /** message or task: what the send scenario sends. */
  static final class SendAs implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      return oneOf(value, List.of("message", "task"), "send sends a message or a task, not '" + value + "'");
    }
  }

  /** {@code value} as {@link #parseSize} reads it; {@code refusal} if it is no size. */
  private static long size(String value, String refusal) {
    try {
      return parseSize(value);
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      throw new TypeConversionException(refusal);
    }
  }

  /** {@code value} trimmed and in lower case, if it is one of {@code names}; {@code refusal} otherwise. */
  private static String oneOf(String value, List<String> names, String refusal) {
    String name = value.trim().toLowerCase(Locale.ROOT);
    if (!names.contains(name)) {
      throw new TypeConversionException(refusal);
    }
    return name;
  }

  /** "1k" = 1,000, "1M" = 1,000,000; underscores and thousands commas are ignored. */
  static long parseSize(String text) {
    String t = text.trim().replace("_", "").replace(",", "");
    long scale = 1;
    char last = Character.toLowerCase(t.charAt(t.length() - 1));
    if (last == 'k') {
      scale = 1_000;
    } else if (last == 'm') {
      scale = 1_000_000;
    }
    if (scale > 1) {
      t = t.substring(0, t.length() - 1);
    }
    return Long.parseLong(t) * scale;
  }
}
