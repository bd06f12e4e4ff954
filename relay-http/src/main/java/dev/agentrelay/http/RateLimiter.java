package dev.agentrelay.http;

import dev.agentrelay.core.Failure;
import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.RelayMeters;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A token bucket per agent: {@code rate} requests a second sustained, bursts up to twice that. Over the
 * limit the request is refused with 429 and a {@code Retry-After} in whole seconds. A bucket that has filled
 * up again is the same as a new one, so such buckets are dropped once a minute: agents that come and go
 * (deleted, or never back) leave nothing behind.
 */
final class RateLimiter implements Handler<RoutingContext> {

  static final String RETRY_AFTER = "relay.retryAfter";
  static final long SWEEP_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final double rate;
  private final double burst;
  private final RelayMeters meters;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final AtomicLong sweptAt = new AtomicLong(System.nanoTime());

  RateLimiter(double rate, RelayMeters meters) {
    this.rate = rate;
    this.burst = 2 * rate;
    this.meters = meters;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (rate <= 0) {
      ctx.next();
      return;
    }
    String agentId = Requests.actor(ctx).agentId();
    double waitSeconds = take(agentId, System.nanoTime());
    if (waitSeconds > 0) {
      meters.rateLimited();
      ctx.put(RETRY_AFTER, (long) Math.ceil(waitSeconds));
      ctx.fail(new RelayException(Failure.RATE_LIMITED, "rate_limited", "agent '" + agentId + "' sent more than "
          + rate + " requests a second; retry after the Retry-After header's seconds"));
      return;
    }
    ctx.next();
  }

  /** Takes a token for {@code agentId} at {@code now}: 0, or how many seconds until one will be there. */
  double take(String agentId, long now) {
    long last = sweptAt.get();
    if (now - last >= SWEEP_INTERVAL_NANOS && sweptAt.compareAndSet(last, now)) {
      // a request racing this may take its token from a bucket just dropped: one token more, once
      buckets.values().removeIf(bucket -> bucket.fullAt(now, rate, burst));
    }
    return buckets.computeIfAbsent(agentId, id -> new Bucket(burst, now)).take(rate, burst, now);
  }

  /** How many agents have a bucket. */
  int agentsTracked() {
    return buckets.size();
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
