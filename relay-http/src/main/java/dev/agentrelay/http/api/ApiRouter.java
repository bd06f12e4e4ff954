package dev.agentrelay.http.api;

import dev.agentrelay.core.bus.AgentDirectory;
import dev.agentrelay.core.bus.StoreClient;
import dev.agentrelay.core.config.RelayConfig;
import dev.agentrelay.http.Authenticator;
import dev.agentrelay.http.HttpContext;
import dev.agentrelay.http.a2a.A2aRoutes;
import dev.agentrelay.http.mcp.McpHttp;
import dev.agentrelay.http.ops.MetricsAccess;
import dev.agentrelay.http.ops.OpenApiHandler;
import dev.agentrelay.http.ops.RequestLog;
import dev.agentrelay.http.ui.DashboardRoutes;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.List;
import java.util.function.Predicate;

/** Every route of the REST API on one screen. */
public final class ApiRouter {

  public static final String BASE = "/api/v1";

  private ApiRouter() {
  }

  public static Router create(Vertx vertx, HttpContext http) {
    RelayConfig config = http.config();
    AgentDirectory agents = http.agents();
    StoreClient store = new StoreClient(vertx);
    Creations creations = new Creations(store);
    AgentsHandler agentsApi = new AgentsHandler(store, agents, config);
    TasksHandler tasks = new TasksHandler(store, creations);
    MessagesHandler messages = new MessagesHandler(creations);
    InboxHandler inbox = new InboxHandler(vertx, store, http);
    DeliveriesHandler deliveries = new DeliveriesHandler(store);
    RelayWideHandler relayWide = new RelayWideHandler(vertx, store, http);
    OperationsHandler operations = new OperationsHandler(store, http);
    ProblemFailureHandler problems = new ProblemFailureHandler();
    Authenticator authenticator = new Authenticator(agents, http.authFailures(), http.mcp().callPasses(),
        http.registry());

    Router router = Router.router(vertx);
    if (config.requestLog()) {
      router.route().handler(new RequestLog());
    }
    router.route().handler(Requests::refuseNul);
    router.get(BASE + "/health").handler(operations::health);
    router.get(BASE + "/openapi.json").handler(new OpenApiHandler());
    router.get("/metrics").handler(new MetricsAccess(http.config().metricsAuth(), authenticator))
        .handler(MetricsAccess::requireTier1)
        .handler(PrometheusScrapingHandler.create(http.registry()));
    if (config.ui()) {
      DashboardRoutes.mount(router);
    }
    BodyHandler bodies = BodyHandler.create(false).setBodyLimit(config.maxBodyBytes());
    McpHttp mcp = http.mcp();
    router.route().handler(underApi(authenticator));
    router.route().handler(underApi(mcp.callPasses().unlessPaid(http.rateLimiter())));
    router.route().handler(underApi(Requests::refuseFormBodies));
    router.route().handler(underApi(bodies));

    // the busiest routes first: routes are tried in order, and each with a path parameter costs a regex match
    router.post(BASE + "/messages").handler(messages::send);
    router.post(BASE + "/broadcast").handler(messages::broadcast);

    router.get(BASE + "/inbox").handler(inbox::read);
    router.get(BASE + "/inbox/stream").handler(inbox::stream);
    router.post(BASE + "/inbox/ack").handler(inbox::ack);

    router.post(BASE + "/agents").handler(agentsApi::register);
    router.get(BASE + "/agents").handler(agentsApi::list);
    router.get(BASE + "/whoami").handler(new CallerHandler()::whoami);
    router.get(BASE + "/agents/:id").handler(agentsApi::get);
    router.delete(BASE + "/agents/:id").handler(agentsApi::delete);
    router.post(BASE + "/agents/:id/heartbeat").handler(agentsApi::heartbeat);
    router.post(BASE + "/agents/:id/keys").handler(agentsApi::rotateKey);

    router.post(BASE + "/tasks").handler(tasks::create);
    router.get(BASE + "/tasks").handler(tasks::list);
    router.get(BASE + "/tasks/:id").handler(tasks::get);
    router.put(BASE + "/tasks/:id").handler(tasks::update);
    router.post(BASE + "/tasks/:id/artifacts").handler(tasks::attachArtifact);

    router.get(BASE + "/deliveries").handler(deliveries::list);
    router.get(BASE + "/deliveries/stream").handler(relayWide::deliveriesStream);
    router.get(BASE + "/deliveries/:id").handler(deliveries::get);

    router.get(BASE + "/stats").handler(operations::stats);
    router.get(BASE + "/stats/agents").handler(relayWide::agentFigures);
    router.get(BASE + "/audit").handler(operations::audit);

    // the checks of /mcp are on its routes, which match /mcp/ as well: a path the checks skip cannot reach it.
    // The body is read last, once the caller is known and within its rate (as a plain handler: a route takes a
    // BodyHandler itself only before the others).
    List<Handler<RoutingContext>> mcpChecks = List.of(mcp.originCheck(), authenticator, http.rateLimiter(),
        Requests::refuseFormBodies, bodies::handle);
    checked(router.post(McpHttp.PATH), mcpChecks).handler(mcp::post);
    checked(router.get(McpHttp.PATH), mcpChecks).handler(mcp::get);
    checked(router.delete(McpHttp.PATH), mcpChecks).handler(mcp::delete);

    A2aRoutes.mount(router, vertx, store, agents, config, List.of(authenticator, http.rateLimiter(),
        Requests::refuseFormBodies, bodies::handle), Requests::actor, http.streamSlots());

    router.route().failureHandler(problems);
    router.errorHandler(400, problems.forStatus(400));
    router.errorHandler(404, problems);
    router.errorHandler(405, problems);
    router.errorHandler(413, problems);
    router.errorHandler(500, problems);
    return router;
  }

  /** Runs {@code handler} for the REST API: auth, rate limit and body limit. */
  private static Handler<RoutingContext> underApi(Handler<RoutingContext> handler) {
    return onlyOn(path -> path.startsWith(BASE + "/"), handler);
  }

  /** {@code route} with {@code checks} in order before the handler the caller adds. */
  private static Route checked(Route route, List<Handler<RoutingContext>> checks) {
    checks.forEach(route::handler);
    return route;
  }

  /**
   * Runs {@code handler} for the paths {@code paths} accepts. Registered on pathless routes because the route
   * label of request metrics joins the path of every route a request passes through.
   */
  private static Handler<RoutingContext> onlyOn(Predicate<String> paths, Handler<RoutingContext> handler) {
    return ctx -> {
      if (paths.test(ctx.normalizedPath())) {
        handler.handle(ctx);
      } else {
        ctx.next();
      }
    };
  }
}
