package dev.agentrelay.http;

import dev.agentrelay.core.auth.ApiKeys;
import dev.agentrelay.core.bus.Addresses;
import dev.agentrelay.core.bus.AgentDirectory;
import dev.agentrelay.http.api.Requests;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.ext.web.RoutingContext;

/**
 * Watches the API key that opened a long-lived request (an SSE stream, a long-poll): a request is
 * authenticated once, when it arrives, so without this a stream would outlive the rotation of its key or the
 * removal of its agent. Once the key stops working, {@code onRevoked} runs on the request's event loop. It
 * keeps the key's hash, not the key, and compares it with the agent's current one.
 */
public final class KeyWatch {

  private final Vertx vertx;
  private final AgentDirectory agents;
  private final String agentId;
  private final String keyHash;
  private MessageConsumer<String> consumer;

  /** The key of {@code ctx}, which the Authenticator accepted. */
  public KeyWatch(Vertx vertx, AgentDirectory agents, RoutingContext ctx) {
    this.vertx = vertx;
    this.agents = agents;
    this.agentId = Requests.actor(ctx).agentId();
    this.keyHash = ApiKeys.hash(ctx.get(Requests.API_KEY));
  }

  /** Call when the request is set up: {@code onRevoked} may run at once. */
  public void start(Runnable onRevoked) {
    consumer = vertx.eventBus().localConsumer(Addresses.keyRevoked(agentId), message -> check(onRevoked));
    // a rotation committed after authentication and before this listener would otherwise go unnoticed
    check(onRevoked);
  }

  /** Stops watching; safe to call again. */
  public void stop() {
    if (consumer != null) {
      consumer.unregister();
      consumer = null;
    }
  }

  private void check(Runnable onRevoked) {
    if (consumer != null && !keyStillWorks()) {
      stop();
      onRevoked.run();
    }
  }

  private boolean keyStillWorks() {
    return agents.account(agentId).filter(account -> ApiKeys.sameHash(keyHash, account.keyHash())).isPresent();
  }
}
