package dev.agentrelay.core.tools;

import dev.agentrelay.core.model.Permissions;
import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * Who calls a tool and through what: the agent's id, how to learn its permissions (the bridge asks the relay,
 * {@code /mcp} knows them), and the REST API that acts with the agent's key.
 *
 * @param permissions fails with a {@link ToolFailure} when the permissions cannot be learned; calls are then
 *     refused, never let through unchecked
 */
public record ToolCaller(String agentId, Supplier<Future<Permissions>> permissions, RelayApi api) {
}
