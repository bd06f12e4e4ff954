package dev.agentrelay.http;

import dev.agentrelay.core.Failure;
import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.RelayMeters;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Failed authentications per client address ({@code RELAY_AUTH_FAILURE_LIMIT}): a token bucket of
 * {@code rate} failures a second, bursts up to twice that. An address that has spent its failures is
 * answered 429 with {@code Retry-After} before its key is even looked at, so guessing keys gets nothing
 * but 429s. IPv6 clients are counted per /64, the block one host usually holds. Independent of the
 * per-agent {@link RateLimiter}, which only sees authenticated agents.
 */
final class AuthFailureLimiter {

  private static final int IPV6_PREFIX_BYTES = 8;

  private final double rate;
  private final RelayMeters meters;
  private final TokenBuckets buckets;

  AuthFailureLimiter(double rate, RelayMeters meters) {
    this.rate = rate;
    this.meters = meters;
    this.buckets = new TokenBuckets(rate);
  }

  /** Fails {@code ctx} with 429 when its client has spent its failures; answers whether it did. */
  boolean refused(RoutingContext ctx) {
    if (rate <= 0) {
      return false;
    }
    double waitSeconds = buckets.waitFor(client(ctx.request().remoteAddress()), System.nanoTime());
    if (waitSeconds <= 0) {
      return false;
    }
    meters.rateLimited();
    ctx.put(RateLimiter.RETRY_AFTER, (long) Math.ceil(waitSeconds));
    ctx.fail(new RelayException(Failure.RATE_LIMITED, "too_many_auth_failures", "this client sent more than "
        + rate + " requests a second with a missing or invalid API key; retry after the Retry-After header's seconds"));
    return true;
  }

  /** Counts a failed authentication against {@code ctx}'s client. */
  void failed(RoutingContext ctx) {
    if (rate > 0) {
      buckets.take(client(ctx.request().remoteAddress()), System.nanoTime());
    }
  }

  /** How many client addresses have a bucket. */
  int clientsTracked() {
    return buckets.tracked();
  }

  /** The address the failures are counted against: an IPv4 address, an IPv6 /64, or the socket's name. */
  static String client(SocketAddress address) {
    if (address == null || address.hostAddress() == null) {
      return "unknown";
    }
    String host = address.hostAddress();
    if (!host.contains(":")) {
      return host;
    }
    try {
      byte[] bytes = InetAddress.getByName(host).getAddress(); // a literal: no name lookup
      return bytes.length == 16 ? "v6:" + Arrays.toString(Arrays.copyOf(bytes, IPV6_PREFIX_BYTES)) : host;
    } catch (UnknownHostException e) {
      return host;
    }
  }
}
