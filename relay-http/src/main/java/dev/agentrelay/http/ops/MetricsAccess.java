package dev.agentrelay.http.ops;

import dev.agentrelay.core.service.AccessPolicy;
import dev.agentrelay.http.Authenticator;
import dev.agentrelay.http.LoopbackPeers;
import dev.agentrelay.http.api.Requests;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Who may scrape {@code /metrics} ({@code RELAY_METRICS_AUTH}): {@code loopback} (default) lets local
 * scrapers in without a key and asks a tier-1 key of everyone else; {@code key} always asks a tier-1 key;
 * {@code open} asks nothing. A loopback request that names a client ({@code X-Forwarded-For},
 * {@code Forwarded}, {@code X-Real-IP}) came through a proxy on this host, for someone elsewhere: it needs the key.
 */
public final class MetricsAccess implements Handler<RoutingContext> {

  private static final List<String> PROXY_HEADERS = List.of("X-Forwarded-For", "Forwarded", "X-Real-IP");

  private final String mode;
  private final Authenticator authenticator;

  public MetricsAccess(String mode, Authenticator authenticator) {
    this.mode = mode;
    this.authenticator = authenticator;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (mode.equals("open") || mode.equals("loopback") && isLocal(ctx.request())) {
      ctx.next();
      return;
    }
    authenticator.handle(ctx);
  }

  /** Runs after {@link Authenticator} put the agent in the context. */
  public static void requireTier1(RoutingContext ctx) {
    if (ctx.get(Requests.AGENT_KEY) != null) {
      AccessPolicy.checkTier1(Requests.actor(ctx), "reading metrics");
    }
    ctx.next();
  }

  private static boolean isLocal(HttpServerRequest request) {
    return LoopbackPeers.isLoopback(request.remoteAddress())
        && PROXY_HEADERS.stream().noneMatch(header -> request.headers().contains(header));
  }
}
