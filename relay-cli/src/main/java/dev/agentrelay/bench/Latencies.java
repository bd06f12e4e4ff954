package dev.agentrelay.bench;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;

/**
 * Records latencies in nanoseconds into a growing {@code long[]} and answers exact percentiles
 * (nearest rank) by sorting a copy. Thread-safe; a few million samples cost a few tens of MB at most.
 */
public final class Latencies {

  private long[] values = new long[1024];
  private int size;

  public synchronized void record(long nanos) {
    if (size == values.length) {
      values = Arrays.copyOf(values, values.length * 2);
    }
    values[size++] = Math.max(0, nanos);
  }

  /** Adds every value recorded here to {@code other}. */
  public void copyInto(Latencies other) {
    long[] copy;
    synchronized (this) {
      copy = Arrays.copyOf(values, size);
    }
    for (long v : copy) {
      other.record(v);
    }
  }

  public synchronized int count() {
    return size;
  }

  public Summary summary() {
    long[] sorted;
    synchronized (this) {
      sorted = Arrays.copyOf(values, size);
    }
    Arrays.sort(sorted);
    if (sorted.length == 0) {
      return new Summary(0, 0, 0, 0, 0, 0, 0);
    }
    double sum = 0;
    for (long v : sorted) {
      sum += v;
    }
    return new Summary(sorted.length, ms(rank(sorted, 0.50)), ms(rank(sorted, 0.90)), ms(rank(sorted, 0.99)),
        ms(rank(sorted, 0.999)), ms(sorted[sorted.length - 1]), ms(sum / sorted.length));
  }

  private static long rank(long[] sorted, double p) {
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static double ms(double nanos) {
    return Math.round(nanos / 1_000.0) / 1_000.0;
  }

  /** Percentiles in milliseconds (microsecond precision). */
  public record Summary(long count, double p50, double p90, double p99, double p999, double max, double mean) {

    /** The summary {@link #toJson} wrote. */
    public static Summary fromJson(JsonObject json) {
      return new Summary(json.getLong("count"), json.getDouble("p50_ms"), json.getDouble("p90_ms"),
          json.getDouble("p99_ms"), json.getDouble("p999_ms"), json.getDouble("max_ms"), json.getDouble("mean_ms"));
    }

    public JsonObject toJson() {
      return new JsonObject().put("count", count).put("p50_ms", p50).put("p90_ms", p90).put("p99_ms", p99)
          .put("p999_ms", p999).put("max_ms", max).put("mean_ms", mean);
    }

    /** "p50 / p99 / p99.9 ms" for a table cell. */
    public String cell() {
      return count == 0 ? "no samples" : String.format("%s / %s / %s ms (n=%,d)", Fmt.ms(p50), Fmt.ms(p99),
          Fmt.ms(p999), count);
    }
  }
}
