package dev.agentrelay.http.ops;

import dev.agentrelay.core.model.Agent;
import dev.agentrelay.http.api.Requests;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One log line per request, when it ends: agent, method, route, path, status, latency. Never a header, a
 * query string or a body, so no key, secret or message content can reach the log.
 */
public final class RequestLog implements Handler<RoutingContext> {

  private static final Logger LOG = Logger.getLogger("dev.agentrelay.http.requests");

  @Override
  public void handle(RoutingContext ctx) {
    long started = System.nanoTime();
    ctx.addEndHandler(done -> {
      Agent agent = ctx.get(Requests.AGENT_KEY);
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("agent", agent == null ? "-" : agent.agentId());
      fields.put("method", ctx.request().method().name());
      fields.put("route", ctx.currentRoute() == null || ctx.currentRoute().getPath() == null
          ? "-" : ctx.currentRoute().getPath());
      fields.put("path", ctx.normalizedPath());
      fields.put("status", ctx.response().getStatusCode());
      fields.put("latency_ms", Math.round((System.nanoTime() - started) / 10_000.0) / 100.0);
      LogFields.log(LOG, Level.INFO, "request", fields);
    });
    ctx.next();
  }
}
