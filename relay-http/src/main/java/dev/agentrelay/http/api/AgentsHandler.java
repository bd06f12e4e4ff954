package dev.agentrelay.http.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.bus.AgentDirectory;
import dev.agentrelay.core.bus.StoreClient;
import dev.agentrelay.core.config.RelayConfig;
import dev.agentrelay.core.model.Agent;
import dev.agentrelay.core.model.AgentStatus;
import dev.agentrelay.core.model.Times;
import dev.agentrelay.core.service.AccessPolicy;
import dev.agentrelay.core.service.AgentInput;
import dev.agentrelay.core.service.DeleteAgent;
import dev.agentrelay.core.service.Heartbeat;
import dev.agentrelay.core.service.RegisterAgent;
import dev.agentrelay.core.service.RotateKey;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** {@code /api/v1/agents}: registration, the directory, heartbeats, removal and key rotation. */
final class AgentsHandler {

  private final StoreClient store;
  private final AgentDirectory agents;
  private final RelayConfig config;

  AgentsHandler(StoreClient store, AgentDirectory agents, RelayConfig config) {
    this.store = store;
    this.agents = agents;
    this.config = config;
  }

  /** The answer to {@code GET /agents}. */
  record AgentList(@JsonProperty("agents") List<Agent> agents) {
  }

  void register(RoutingContext ctx) {
    Agent actor = Requests.actor(ctx);
    AccessPolicy.checkTier1(actor, "registering agents");
    Agent agent = AgentInput.read(Requests.body(ctx), config.webhookAllowLocal(),
        Times.format(System.currentTimeMillis()));
    store.write(RegisterAgent.withNewKey(actor.agentId(), agent))
        .onSuccess(registration -> Responses.json(ctx, 201, registration))
        .onFailure(ctx::fail);
  }

  void list(RoutingContext ctx) {
    Agent viewer = Requests.actor(ctx);
    Responses.json(ctx, 200, new AgentList(agents.all().stream().map(agent -> AgentView.seenBy(viewer, agent))
        .toList()));
  }

  void get(RoutingContext ctx) {
    String agentId = ctx.pathParam("id");
    Agent agent = agents.find(agentId).orElseThrow(() -> RelayException.agentNotFound(agentId));
    Responses.json(ctx, 200, AgentView.seenBy(Requests.actor(ctx), agent));
  }

  void heartbeat(RoutingContext ctx) {
    String word = Requests.optionalBody(ctx).optionalText("status", 16);
    AgentStatus status = word == null ? AgentStatus.ONLINE : AgentStatus.parse("status", word);
    Agent actor = Requests.actor(ctx);
    store.write(new Heartbeat(actor, ctx.pathParam("id"), status))
        .onSuccess(agent -> Responses.json(ctx, 200, AgentView.seenBy(actor, agent)))
        .onFailure(ctx::fail);
  }

  void delete(RoutingContext ctx) {
    store.write(new DeleteAgent(Requests.actor(ctx), ctx.pathParam("id")))
        .onSuccess(done -> Responses.noContent(ctx))
        .onFailure(ctx::fail);
  }

  void rotateKey(RoutingContext ctx) {
    Boolean rotateSecret = Requests.optionalBody(ctx).optionalBoolean("rotate_webhook_secret");
    store.write(new RotateKey(Requests.actor(ctx), ctx.pathParam("id"), Boolean.TRUE.equals(rotateSecret)))
        .onSuccess(key -> Responses.json(ctx, 200, key))
        .onFailure(ctx::fail);
  }
}
