package dev.agentrelay.http.a2a;

import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.bus.AgentDirectory;
import dev.agentrelay.core.bus.StoreClient;
import dev.agentrelay.core.config.RelayConfig;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Agent;
import dev.agentrelay.http.StreamSlots;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

/**
 * Every agent behind the relay as an A2A agent under {@code /a2a/{agent_id}}: its card (no key), the JSON-RPC
 * binding and the HTTP+JSON binding under {@code /v1}, both after the REST API's checks (key, rate limit, body).
 */
public final class A2aRoutes {

  public static final String PREFIX = "/a2a/";
  static final int CARD_MAX_AGE_SECONDS = 300;

  private final AgentDirectory agents;
  private final Function<RoutingContext, Agent> actor;
  private final PushConfigs push;
  private final JsonRpcEndpoint jsonRpc;
  private final RestEndpoint rest;

  private A2aRoutes(Vertx vertx, StoreClient store, AgentDirectory agents, Function<RoutingContext, Agent> actor,
      RelayConfig config, StreamSlots streamSlots) {
    this.agents = agents;
    this.actor = actor;
    A2aOperations operations = new A2aOperations(vertx, store);
    this.push = new StoredPushConfigs(vertx, store, operations, config.webhookAllowLocal());
    operations.usePushConfigs(push);
    A2aStreams streams = new A2aStreams(vertx, operations, streamSlots);
    this.jsonRpc = new JsonRpcEndpoint(operations, streams, push);
    this.rest = new RestEndpoint(operations, streams, push);
  }

  /**
   * Adds the A2A routes.
   *
   * @param checks what every authenticated call passes first, in order (the key, the rate limit, the body)
   * @param actor the agent the checks authenticated
   * @param streamSlots the per-agent limit of held-open streams the task streams count against
   */
  public static void mount(Router router, Vertx vertx, StoreClient store, AgentDirectory agents, RelayConfig config,
      List<Handler<RoutingContext>> checks, Function<RoutingContext, Agent> actor, StreamSlots streamSlots) {
    A2aRoutes routes = new A2aRoutes(vertx, store, agents, actor, config, streamSlots);
    router.get("/a2a/:agent/.well-known/agent-card.json").handler(routes::card);
    checked(router.post("/a2a/:agent"), checks).handler(routes::jsonRpc);
    checked(router.route("/a2a/:agent/v1/*"), checks).handler(routes::rest);
  }

  private static Route checked(Route route, List<Handler<RoutingContext>> checks) {
    checks.forEach(route::handler);
    return route;
  }

  private void card(RoutingContext ctx) {
    Agent agent = agent(ctx);
    byte[] body = Json.writeBytes(AgentCards.card(agent, AgentCards.base(ctx), push.supported()));
    String etag = "\"" + sha256(body) + "\"";
    ctx.response().putHeader("Cache-Control", "public, max-age=" + CARD_MAX_AGE_SECONDS).putHeader("ETag", etag)
        .putHeader("Vary", "Host");
    if (etag.equals(ctx.request().getHeader("If-None-Match"))) {
      ctx.response().setStatusCode(304).end();
      return;
    }
    ctx.response().putHeader("Content-Type", "application/json").end(io.vertx.core.buffer.Buffer.buffer(body));
  }

  private void jsonRpc(RoutingContext ctx) {
    jsonRpc.handle(ctx, actor.apply(ctx), agent(ctx).agentId());
  }

  private void rest(RoutingContext ctx) {
    Agent target = agent(ctx);
    String prefix = PREFIX + target.agentId() + "/v1";
    String path = ctx.normalizedPath().substring(prefix.length());
    rest.handle(ctx, actor.apply(ctx), target.agentId(), path.isEmpty() ? "/" : path);
  }

  /** The agent named in the path; 404 (a problem document) if there is none. */
  private Agent agent(RoutingContext ctx) {
    String agentId = ctx.pathParam("agent");
    return agents.find(agentId).orElseThrow(() -> RelayException.agentNotFound(agentId));
  }

  private static String sha256(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
