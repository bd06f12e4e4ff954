package dev.agentrelay.mcp;

import dev.agentrelay.core.model.Permissions;
import dev.agentrelay.core.tools.AgentPermissions;
import dev.agentrelay.core.tools.RelayApi;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * The bridge's agent's permissions as last learned from the relay. Relearned when older than a minute, so a
 * change by the operator takes effect; while the relay cannot be asked the last known ones hold, and before
 * any are known every call is refused (see {@link AgentPermissions}).
 */
final class BridgePermissions {

  private static final long FRESH_NANOS = Duration.ofMinutes(1).toNanos();

  private final RelayApi api;
  private final String agentId;
  private volatile Permissions known;
  private volatile long learnedAt;

  BridgePermissions(RelayApi api, String agentId) {
    this.api = api;
    this.agentId = agentId;
  }

  Future<Permissions> current() {
    Permissions last = known;
    if (last != null && System.nanoTime() - learnedAt < FRESH_NANOS) {
      return Future.succeededFuture(last);
    }
    return AgentPermissions.fetch(api, agentId)
        .onSuccess(permissions -> {
          known = permissions;
          learnedAt = System.nanoTime();
        })
        .recover(failure -> last != null ? Future.succeededFuture(last) : Future.failedFuture(failure));
  }
}
