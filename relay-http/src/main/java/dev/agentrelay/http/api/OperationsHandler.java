package dev.agentrelay.http.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.ClusterMembers;
import dev.agentrelay.core.RelayCounters;
import dev.agentrelay.core.RelayVersion;
import dev.agentrelay.core.bus.AgentDirectory;
import dev.agentrelay.core.bus.AuditFilter;
import dev.agentrelay.core.bus.PendingCounts;
import dev.agentrelay.core.bus.StoreClient;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.service.AccessPolicy;
import dev.agentrelay.core.service.Cursors;
import dev.agentrelay.core.service.ReadAudit;
import dev.agentrelay.core.service.ReadStats;
import dev.agentrelay.http.HttpContext;
import dev.agentrelay.http.ops.HealthProbe;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/** {@code /api/v1/health}, {@code /stats} and {@code /audit}. */
public final class OperationsHandler {

  /** What a degraded health answer says; the cause goes to the log only, as the caller has no key. */
  public static final String DEGRADED_DETAIL = "the store cannot take writes right now; the relay's log says why";

  private final StoreClient store;
  private final AgentDirectory agents;
  private final PendingCounts pending;
  private final RelayCounters counters;
  private final HealthProbe probe;
  private final String nodeId;
  private final ClusterMembers cluster;
  private final long startedAt = System.currentTimeMillis();

  OperationsHandler(StoreClient store, HttpContext http) {
    this.store = store;
    this.agents = http.agents();
    this.pending = http.pending();
    this.counters = http.counters();
    this.probe = http.health();
    this.nodeId = http.config().cluster().nodeId();
    this.cluster = http.cluster();
  }

  /** Unauthenticated. Proves the store takes a write (see {@link HealthProbe}); 503 "degraded" when it does not. */
  void health(RoutingContext ctx) {
    Context here = Vertx.currentContext();
    probe.check(store).onComplete(outcome -> here.runOnContext(v -> answerHealth(ctx, outcome.succeeded())));
  }

  private void answerHealth(RoutingContext ctx, boolean ok) {
    ObjectNode body = Json.object()
        .put("status", ok ? "ok" : "degraded")
        .put("version", RelayVersion.VERSION)
        .put("uptime_seconds", (System.currentTimeMillis() - startedAt) / 1000)
        .put("agents", agents.size())
        .put("pending_deliveries", pending.total())
        .put("node", nodeId);
    if (cluster.clustered()) {
      body.putObject("cluster").put("members", cluster.count());
    }
    if (!ok) {
      body.put("detail", DEGRADED_DETAIL);
      ctx.response().putHeader("Retry-After", "5");
    }
    Responses.json(ctx, ok ? 200 : 503, body);
  }

  void stats(RoutingContext ctx) {
    AccessPolicy.checkTier1(Requests.actor(ctx), "reading the relay's statistics");
    store.read(new ReadStats(counters)).onSuccess(stats -> Responses.json(ctx, 200, stats)).onFailure(ctx::fail);
  }

  void audit(RoutingContext ctx) {
    AccessPolicy.checkTier1(Requests.actor(ctx), "reading the audit log");
    QueryParams query = new QueryParams(ctx);
    AuditFilter filter = new AuditFilter(query.text("agent", 64), query.text("task", 128),
        query.text("event", 64), query.timestamp("since"), Cursors.decode(query.text("cursor", 256)),
        query.limit(TasksHandler.DEFAULT_LIMIT, TasksHandler.MAX_LIMIT));
    store.read(new ReadAudit(filter)).onSuccess(page -> Responses.json(ctx, 200, page)).onFailure(ctx::fail);
  }
}
