package dev.agentrelay.http.a2a;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.RelayVersion;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Agent;
import io.vertx.ext.web.RoutingContext;

/**
 * The A2A agent card of an agent behind the relay: its name, description, version and capabilities (as skills),
 * both bindings at URLs on the scheme and host the request came in on, and the relay key as HTTP Bearer auth.
 */
final class AgentCards {

  static final String SCHEME = "relayKey";
  private static final String[] MODES = {"text/plain", "application/json", "application/octet-stream"};

  private AgentCards() {
  }

  static ObjectNode card(Agent agent, String base, boolean push) {
    String endpoint = base + "/a2a/" + agent.agentId();
    ObjectNode card = Json.object().put("name", agent.name() == null ? agent.agentId() : agent.name())
        .put("description", description(agent));
    ArrayNode interfaces = card.putArray("supportedInterfaces");
    interfaces.addObject().put("url", endpoint).put("protocolBinding", "JSONRPC")
        .put("protocolVersion", A2aVersion.CURRENT);
    interfaces.addObject().put("url", endpoint + "/v1").put("protocolBinding", "HTTP+JSON")
        .put("protocolVersion", A2aVersion.CURRENT);
    card.putObject("provider").put("organization", "Agent Relay").put("url", base);
    card.put("version", agent.version() == null || agent.version().isBlank() ? "0" : agent.version());
    card.putObject("capabilities").put("streaming", true).put("pushNotifications", push)
        .put("extendedAgentCard", false);
    card.putObject("securitySchemes").putObject(SCHEME).putObject("httpAuthSecurityScheme")
        .put("scheme", "Bearer")
        .put("description", "the caller's own Agent Relay API key; the caller acts as that agent");
    card.putArray("securityRequirements").addObject().putObject("schemes").putObject(SCHEME).putArray("list");
    ArrayNode input = card.putArray("defaultInputModes");
    ArrayNode output = card.putArray("defaultOutputModes");
    for (String mode : MODES) {
      input.add(mode);
      output.add(mode);
    }
    ArrayNode skills = card.putArray("skills");
    for (String capability : agent.capabilities() == null ? java.util.List.<String>of() : agent.capabilities()) {
      ObjectNode skill = skills.addObject().put("id", capability).put("name", capability)
          .put("description", agent.agentId() + " offers '" + capability + "'");
      skill.putArray("tags").add(capability);
    }
    return card;
  }

  /** {@code scheme://host[:port]} of the request, as the client reached the relay. */
  static String base(RoutingContext ctx) {
    return ctx.request().scheme() + "://" + ctx.request().authority().toString();
  }

  private static String description(Agent agent) {
    String text = agent.description() == null || agent.description().isBlank()
        ? "Agent '" + agent.agentId() + "' behind Agent Relay" : agent.description();
    return text + " (reached through Agent Relay " + RelayVersion.VERSION + ", which stores and forwards "
        + "while the agent is offline)";
  }
}
