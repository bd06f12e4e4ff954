package dev.agentrelay.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A token bucket per key: {@code rate} tokens a second, up to twice that saved. A bucket that has filled up
 * again is the same as a new one, so such buckets are dropped once a minute: keys that come and go leave
 * nothing behind.
 */
final class TokenBuckets {

  static final long SWEEP_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final double rate;
  private final double burst;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final AtomicLong sweptAt = new AtomicLong(System.nanoTime());

  TokenBuckets(double rate) {
    this.rate = rate;
    this.burst = 2 * rate;
  }

  /** Takes a token for {@code key} at {@code now}: 0, or how many seconds until one will be there. */
  double take(String key, long now) {
    sweepWhenDue(now);
    return buckets.computeIfAbsent(key, id -> new Bucket(burst, now)).take(rate, burst, now);
  }

  /** Like {@link #take} without taking: 0 when {@code key} has a token, else the seconds until it will. */
  double waitFor(String key, long now) {
    Bucket bucket = buckets.get(key);
    return bucket == null ? 0 : bucket.waitFor(rate, burst, now);
  }

  /** How many keys have a bucket. */
  int tracked() {
    return buckets.size();
  }

  private void sweepWhenDue(long now) {
    long last = sweptAt.get();
    if (now - last >= SWEEP_INTERVAL_NANOS && sweptAt.compareAndSet(last, now)) {
      // a request racing this may take its token from a bucket just dropped: one token more, once
      buckets.values().removeIf(bucket -> bucket.fullAt(now, rate, burst));
    }
  }

  private static final class Bucket {
    private double tokens;
    private long refilledAt;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.refilledAt = now;
    }

    synchronized boolean fullAt(long now, double rate, double burst) {
      return tokensAt(now, rate) >= burst;
    }

    private double tokensAt(long now, double rate) {
      return tokens + (now - refilledAt) / 1e9 * rate;
    }

    synchronized double waitFor(double rate, double burst, long now) {
      double available = Math.min(burst, tokensAt(now, rate));
      return available >= 1 ? 0 : (1 - available) / rate;
    }

    /** Takes a token; answers 0, or how many seconds until one will be there. */
    synchronized double take(double rate, double burst, long now) {
      tokens = Math.min(burst, tokensAt(now, rate));
      refilledAt = now;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (1 - tokens) / rate;
    }
  }
}
