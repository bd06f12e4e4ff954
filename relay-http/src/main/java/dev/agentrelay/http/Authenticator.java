package dev.agentrelay.http;

import dev.agentrelay.core.Failure;
import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.bus.AgentDirectory;
import dev.agentrelay.core.model.AgentAccount;
import dev.agentrelay.http.api.Requests;
import dev.agentrelay.http.mcp.McpCallPasses;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * Resolves {@code Authorization: Bearer <key>} to an agent, in memory; 401 otherwise, and 429 for a client
 * that failed too often (see {@link AuthFailureLimiter}). A loopback call of a {@code /mcp} tool whose pass vouches
 * for its key ({@link McpCallPasses}) is not checked again: its {@code /mcp} request checked the key already.
 */
public final class Authenticator implements Handler<RoutingContext> {

  private static final String SCHEME = "bearer ";

  private final AgentDirectory agents;
  private final AuthFailureLimiter failures;
  private final McpCallPasses passes;
  private final Counter keyChecks;

  /** {@code registry} counts the keys hashed and looked up, as {@code relay.auth.key.checks}. */
  public Authenticator(AgentDirectory agents, AuthFailureLimiter failures, McpCallPasses passes,
      MeterRegistry registry) {
    this.agents = agents;
    this.failures = failures;
    this.passes = passes;
    this.keyChecks = Counter.builder("relay.auth.key.checks")
        .description("API keys hashed and looked up (a /mcp tool's loopback calls are not checked again)")
        .register(registry);
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
    Optional<AgentAccount> account = passes.vouchedFor(ctx, key);
    if (account.isEmpty()) {
      keyChecks.increment();
      account = agents.authenticateAccount(key);
    }
    if (account.isEmpty()) {
      failures.failed(ctx);
      ctx.fail(new RelayException(Failure.UNAUTHORIZED, "invalid_key",
          "the API key is not valid (it may have been rotated, or its agent removed)"));
      return;
    }
    ctx.put(Requests.AGENT_KEY, account.get().agent());
    ctx.put(Requests.API_KEY, key);
    ctx.put(Requests.KEY_HASH, account.get().keyHash());
    ctx.next();
  }
}
