package dev.agentrelay.http.mcp;

import dev.agentrelay.core.model.Agent;
import dev.agentrelay.http.LoopbackPeers;
import dev.agentrelay.http.api.Requests;
import io.vertx.core.Handler;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Passes that spare the loopback REST calls of a {@code /mcp} tool a second rate-limit token: the {@code /mcp}
 * request has paid one already. Each pass is a random 256-bit value issued for one {@code /mcp} request and one
 * agent, sent only on this relay's own loopback connections, and revoked when that request ends.
 *
 * <p>A pass is honoured only together with the key of the agent it was issued for (the REST call still
 * authenticates as usual) and only on a connection from this machine. A live pass never leaves this machine
 * and cannot be guessed, so it cannot be forged; a made-up, revoked or misplaced one is merely ignored and the
 * call pays its token as any other. A static marker or a secret shared by all calls would instead exempt every
 * agent forever once it leaked.
 */
public final class McpCallPasses {

  public static final String HEADER = "X-Relay-Mcp-Pass";
  private static final SecureRandom RANDOM = new SecureRandom();

  private record Holder(String agentId, String registeredAt) {
  }

  private final ConcurrentHashMap<String, Holder> live = new ConcurrentHashMap<>();

  /** A pass for {@code agent}, alive until {@code mcpRequest} has been answered or its connection is gone. */
  public String issue(RoutingContext mcpRequest, Agent agent) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String pass = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    live.put(pass, new Holder(agent.agentId(), agent.registeredAt()));
    mcpRequest.addEndHandler(ended -> live.remove(pass));
    return pass;
  }

  /** {@code rateLimit}, except for a call that carries a live pass of its own agent from this machine. */
  public Handler<RoutingContext> unlessPaid(Handler<RoutingContext> rateLimit) {
    return ctx -> {
      if (paid(ctx)) {
        ctx.next();
      } else {
        rateLimit.handle(ctx);
      }
    };
  }

  public boolean paid(RoutingContext ctx) {
    String pass = ctx.request().getHeader(HEADER);
    if (pass == null) {
      return false;
    }
    Holder holder = live.get(pass);
    Agent caller = Requests.actor(ctx);
    return holder != null && caller != null && holder.agentId().equals(caller.agentId())
        && Objects.equals(holder.registeredAt(), caller.registeredAt()) && fromThisMachine(ctx);
  }

  /** A loopback connection, or one to this machine's own address from that same address. */
  private static boolean fromThisMachine(RoutingContext ctx) {
    SocketAddress remote = ctx.request().remoteAddress();
    SocketAddress local = ctx.request().localAddress();
    if (remote == null || remote.hostAddress() == null) {
      return false;
    }
    return local != null && remote.hostAddress().equals(local.hostAddress()) || LoopbackPeers.isLoopback(remote);
  }
}
