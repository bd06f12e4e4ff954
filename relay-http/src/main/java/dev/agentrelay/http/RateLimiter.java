package dev.agentrelay.http;

import dev.agentrelay.core.Failure;
import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.RelayMeters;
import dev.agentrelay.http.api.Requests;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * A token bucket per agent: {@code rate} requests a second sustained, bursts up to twice that. Over the
 * limit the request is refused with 429 and a {@code Retry-After} in whole seconds.
 */
public final class RateLimiter implements Handler<RoutingContext> {

  public static final String RETRY_AFTER = "relay.retryAfter";
  static final long SWEEP_INTERVAL_NANOS = TokenBuckets.SWEEP_INTERVAL_NANOS;

  private final double rate;
  private final RelayMeters meters;
  private final TokenBuckets buckets;

  RateLimiter(double rate, RelayMeters meters) {
    this.rate = rate;
    this.meters = meters;
    this.buckets = new TokenBuckets(rate);
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
    return buckets.take(agentId, now);
  }

  /** How many agents have a bucket. */
  int agentsTracked() {
    return buckets.tracked();
  }
}
