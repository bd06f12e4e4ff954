package dev.agentrelay.http;

import dev.agentrelay.core.auth.AgentDirectory;
import dev.agentrelay.core.service.AccessPolicy;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Who may scrape {@code /metrics} ({@code RELAY_METRICS_AUTH}): {@code loopback} (default) lets local
 * scrapers in without a key and asks a tier-1 key of everyone else; {@code key} always asks a tier-1 key;
 * {@code open} asks nothing.
 */
final class MetricsAccess implements Handler<RoutingContext> {

  private final String mode;
  private final Authenticator authenticator;

  MetricsAccess(String mode, AgentDirectory agents) {
    this.mode = mode;
    this.authenticator = new Authenticator(agents);
  }

  @Override
  public void handle(RoutingContext ctx) {
    boolean local = ctx.request().remoteAddress() != null && isLoopback(ctx.request().remoteAddress().hostAddress());
    if (mode.equals("open") || mode.equals("loopback") && local) {
      ctx.next();
      return;
    }
    authenticator.handle(ctx);
  }

  /** Runs after {@link Authenticator} put the agent in the context. */
  static void requireTier1(RoutingContext ctx) {
    if (ctx.get(Requests.AGENT_KEY) != null) {
      AccessPolicy.checkTier1(Requests.actor(ctx), "reading metrics");
    }
    ctx.next();
  }

  private static boolean isLoopback(String address) {
    return address.startsWith("127.") || address.equals("0:0:0:0:0:0:0:1") || address.equals("::1");
  }
}
