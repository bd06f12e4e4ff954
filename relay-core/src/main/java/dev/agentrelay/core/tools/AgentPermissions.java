package dev.agentrelay.core.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Permissions;
import io.vertx.core.Future;

/** Learns an agent's permissions from the relay ({@code GET /api/v1/agents/{id}}), as the bridge must. */
public final class AgentPermissions {

  private AgentPermissions() {
  }

  /** The permissions, or a {@link ToolFailure} whose sentence says why they could not be learned. */
  public static Future<Permissions> fetch(RelayApi api, String agentId) {
    RelayRequest request = RelayRequest.get("/api/v1/agents/" + java.net.URLEncoder.encode(agentId,
        java.nio.charset.StandardCharsets.UTF_8));
    return api.send(request)
        .recover(failure -> Future.failedFuture(new ToolFailure(ToolResult.failed("the relay at " + api.location()
            + " is unreachable (" + failure.getMessage() + "), so this agent's tool permissions are unknown and"
            + " nothing was done. Check that the relay is running, then call the tool again.",
            problem("relay_unreachable", String.valueOf(failure.getMessage()))))))
        .compose(response -> read(response, agentId, api.location()));
  }

  private static Future<Permissions> read(RelayResponse response, String agentId, String location) {
    if (response.status() == 200) {
      JsonNode permissions = response.body() == null ? null : response.body().get("permissions");
      return Future.succeededFuture(permissions == null ? Permissions.ALL
          : Json.MAPPER.convertValue(permissions, Permissions.class));
    }
    String why = switch (response.status()) {
      case 401 -> "refused the bridge's API key (RELAY_API_KEY): it may have been rotated or its agent removed";
      case 404 -> "has no agent '" + agentId + "' (AGENT_ID must be the id of the key's agent)";
      default -> "answered HTTP " + response.status() + " when asked for agent '" + agentId + "'";
    };
    return Future.failedFuture(new ToolFailure(ToolResult.failed("the relay at " + location + " " + why
        + "; nothing was done. The operator must fix the bridge's configuration.",
        response.body() instanceof ObjectNode body ? body : problem("bridge_misconfigured", why))));
  }

  private static ObjectNode problem(String code, String detail) {
    return Json.object().put("code", code).put("detail", detail);
  }
}
