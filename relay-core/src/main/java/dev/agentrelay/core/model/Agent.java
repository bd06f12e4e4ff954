package dev.agentrelay.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** An agent's public profile, as API.md describes it. Never carries a key or its hash. */
public record Agent(
    @JsonProperty("agent_id") String agentId,
    @JsonProperty("name") String name,
    @JsonProperty("description") String description,
    @JsonProperty("version") String version,
    @JsonProperty("capabilities") List<String> capabilities,
    @JsonProperty("trust_tier") int trustTier,
    @JsonProperty("contact") Contact contact,
    @JsonProperty("permissions") Permissions permissions,
    @JsonProperty("status") AgentStatus status,
    @JsonProperty("last_seen") String lastSeen,
    @JsonProperty("metadata") ObjectNode metadata,
    @JsonProperty("registered_at") String registeredAt,
    @JsonProperty("updated_at") String updatedAt) {

  public Agent {
    capabilities = List.copyOf(capabilities);
    if (trustTier < 1 || trustTier > 3) {
      throw new IllegalArgumentException("trust tier must be 1, 2 or 3");
    }
  }

  public boolean isTier1() {
    return trustTier == 1;
  }

  /** This profile with {@code current}'s status, last-seen and registration time (for re-declared agents). */
  public Agent keepingStateOf(Agent current) {
    return new Agent(agentId, name, description, version, capabilities, trustTier, contact, permissions,
        current.status(), current.lastSeen(), metadata, current.registeredAt(), updatedAt);
  }

  /** Whether the two differ only in state (status, last-seen) and timestamps. */
  public boolean sameProfileAs(Agent other) {
    return agentId.equals(other.agentId) && java.util.Objects.equals(name, other.name)
        && java.util.Objects.equals(description, other.description)
        && java.util.Objects.equals(version, other.version) && capabilities.equals(other.capabilities)
        && trustTier == other.trustTier && contact.equals(other.contact) && permissions.equals(other.permissions)
        && java.util.Objects.equals(metadata, other.metadata);
  }

  public Agent withStatus(AgentStatus newStatus, String seenAt) {
    return new Agent(agentId, name, description, version, capabilities, trustTier, contact, permissions,
        newStatus, seenAt, metadata, registeredAt, seenAt);
  }
}
