package dev.agentrelay.http.mcp;

import dev.agentrelay.core.auth.ApiKeys;
import dev.agentrelay.core.bus.AgentDirectory;
import dev.agentrelay.core.model.Agent;
import dev.agentrelay.core.model.AgentAccount;
import dev.agentrelay.http.LoopbackPeers;
import dev.agentrelay.http.api.Requests;
import io.vertx.core.Handler;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Passes that spare the loopback REST calls of a {@code /mcp} tool a second rate-limit token and a second check of
 * the key: the {@code /mcp} request has paid the one and made the other. Each pass is a random 256-bit value issued
 * for one {@code /mcp} request, one agent and the key that request was authenticated with, sent only on this
 * relay's own loopback connections, and revoked when that request ends.
 *
 * <p>A pass is honoured only together with the very key it was issued with, only on a connection from this
 * machine, and only while that key is still its agent's current one and the agent the same registration (read
 * from the {@link AgentDirectory}: a map lookup, no hashing): a rotated key or a removed agent ends every pass at
 * once. A live pass never leaves this machine and cannot be guessed, so it cannot be forged; a made-up, revoked or
 * misplaced one is merely ignored and the call is authenticated and pays its token as any other. A static marker
 * or a secret shared by all calls would instead exempt every agent forever once it leaked.
 */
public final class McpCallPasses {

  public static final String HEADER = "X-Relay-Mcp-Pass";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** {@code keyHash} is null when the issuing request carries none: the pass then spares the token only. */
  private record Holder(String agentId, String registeredAt, String apiKey, String keyHash) {
  }

  private final ConcurrentHashMap<String, Holder> live = new ConcurrentHashMap<>();
  private final AgentDirectory agents;

  public McpCallPasses(AgentDirectory agents) {
    this.agents = agents;
  }

  /**
   * A pass for {@code agent}, alive until {@code mcpRequest} has been answered or its connection is gone; bound to
   * the key {@code mcpRequest} was authenticated with.
   */
  public String issue(RoutingContext mcpRequest, Agent agent) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String pass = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    live.put(pass, new Holder(agent.agentId(), agent.registeredAt(), mcpRequest.get(Requests.API_KEY),
        mcpRequest.get(Requests.KEY_HASH)));
    mcpRequest.addEndHandler(ended -> live.remove(pass));
    return pass;
  }

  /**
   * The account a live pass of this call vouches for, when the call comes from this machine with the key the pass
   * was issued with and that key is still its agent's: the key need not be hashed again. Empty otherwise.
   */
  public Optional<AgentAccount> vouchedFor(RoutingContext ctx, String apiKey) {
    String pass = ctx.request().getHeader(HEADER);
    Holder holder = pass == null ? null : live.get(pass);
    if (holder == null || holder.keyHash() == null || holder.apiKey() == null || !fromThisMachine(ctx)
        || !MessageDigest.isEqual(holder.apiKey().getBytes(StandardCharsets.UTF_8),
            apiKey.getBytes(StandardCharsets.UTF_8))) {
      return Optional.empty();
    }
    return agents.account(holder.agentId())
        .filter(account -> Objects.equals(holder.registeredAt(), account.agent().registeredAt())
            && ApiKeys.sameHash(holder.keyHash(), account.keyHash()));
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
