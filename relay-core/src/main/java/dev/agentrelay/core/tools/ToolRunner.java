package dev.agentrelay.core.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.json.Fields;
import dev.agentrelay.core.model.Permissions;
import io.vertx.core.Future;
import java.util.Optional;

/**
 * Runs one tool call: checks the agent may use the tool, checks the arguments, makes the REST call and shapes
 * the answer. The one implementation of the tools' logic, used by the stdio bridge and by {@code /mcp}. It
 * never fails: every outcome, the relay being down included, is a {@link ToolResult}.
 */
public final class ToolRunner {

  private static final String REPLAYED = " (A retry: the relay had already done this and created nothing new."
      + " To send the same again on purpose, pass a new idempotency_key.)";

  private ToolRunner() {
  }

  public static Future<ToolResult> call(ToolCaller caller, String toolName, JsonNode arguments) {
    Optional<ToolSpec> found = RelayTools.find(toolName);
    if (found.isEmpty()) {
      return Future.succeededFuture(ToolErrors.unknownTool(toolName));
    }
    ToolSpec spec = found.get();
    return caller.permissions().get()
        .compose(permissions -> permitted(caller, spec, permissions, arguments))
        .recover(failure -> Future.succeededFuture(failure instanceof ToolFailure known ? known.result()
            : ToolErrors.unreachable(spec, caller.api().location(), failure)));
  }

  private static Future<ToolResult> permitted(ToolCaller caller, ToolSpec spec, Permissions permissions,
      JsonNode arguments) {
    if (!permissions.usesTool(spec.name())) {
      return Future.succeededFuture(ToolErrors.notAllowed(spec.name(), caller.agentId(),
          permissions.canAccessTools()));
    }
    Fields args;
    RelayRequest request;
    try {
      args = Arguments.check(spec, arguments);
      request = ToolRequests.build(spec, args, caller.agentId());
    } catch (RelayException e) {
      return Future.succeededFuture(ToolErrors.badArguments(spec, e));
    }
    return caller.api().send(request).map(response -> shape(spec, args, response));
  }

  private static ToolResult shape(ToolSpec spec, Fields args, RelayResponse response) {
    if (!response.succeeded()) {
      return ToolErrors.fromResponse(spec, response);
    }
    String text = spec.summary().of(response.body(), args);
    return ToolResult.ok(response.replayed() ? text + REPLAYED : text, response.body());
  }
}
