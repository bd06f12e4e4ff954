package dev.agentrelay.http;

import dev.agentrelay.core.Failure;
import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.RelayMeters;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per agent: {@code rate} requests a second sustained, bursts up to twice that. Over the
 * limit the request is refused with 429 and a {@code Retry-After} in whole seconds.
 */
final class RateLimiter implements Handler<RoutingContext> {

  static final String RETRY_AFTER = "relay.retryAfter";

  private final double rate;
  private final double burst;
  private final RelayMeters meters;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

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
    double waitSeconds = buckets.computeIfAbsent(agentId, id -> new Bucket(burst)).take(rate, burst, System.nanoTime());
    if (waitSeconds > 0) {
      meters.rateLimited();
      ctx.put(RETRY_AFTER, (long) Math.ceil(waitSeconds));
      ctx.fail(new RelayException(Failure.RATE_LIMITED, "rate_limited", "agent '" + agentId + "' sent more than "
          + rate + " requests a second; retry after the Retry-After header's seconds"));
      return;
    }
    ctx.next();
  }

  private static final class Bucket {
    private double tokens;
    private long refilledAt = System.nanoTime();

    Bucket(double tokens) {
      this.tokens = tokens;
    }

    /** Takes a token; answers 0, or how many seconds until one will be there. */
    synchronized double take(double rate, double burst, long now) {
      tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * rate);
      refilledAt = now;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (1 - tokens) / rate;
    }
  }
}
