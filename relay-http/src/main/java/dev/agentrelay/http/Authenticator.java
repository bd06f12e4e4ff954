package dev.agentrelay.http;

import dev.agentrelay.core.Failure;
import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.bus.AgentDirectory;
import dev.agentrelay.core.model.Agent;
import dev.agentrelay.http.api.Requests;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * Resolves {@code Authorization: Bearer <key>} to an agent, in memory; 401 otherwise, and 429 for a client
 * that failed too often (see {@link AuthFailureLimiter}).
 */
public final class Authenticator implements Handler<RoutingContext> {

  private static final String SCHEME = "bearer ";

  private final AgentDirectory agents;
  private final AuthFailureLimiter failures;

  public Authenticator(AgentDirectory agents, AuthFailureLimiter failures) {
    this.agents = agents;
    this.failures = failures;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (failures.refused(ctx)) {
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    if (header == null || header.length() <= SCHEME.length()
        || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      failures.failed(ctx);
      ctx.fail(new RelayException(Failure.UNAUTHORIZED, "missing_key",
          "send your API key as 'Authorization: Bearer <api_key>'"));
      return;
    }
    String key = header.substring(SCHEME.length()).trim();
    Optional<Agent> agent = agents.authenticate(key);
    if (agent.isEmpty()) {
      failures.failed(ctx);
      ctx.fail(new RelayException(Failure.UNAUTHORIZED, "invalid_key",
          "the API key is not valid (it may have been rotated, or its agent removed)"));
      return;
    }
    ctx.put(Requests.AGENT_KEY, agent.get());
    ctx.put(Requests.API_KEY, key);
    ctx.next();
  }
}
