package dev.agentrelay.core.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Whom an agent may hear from and send to, and which MCP tools it may call. {@code "*"} means everyone
 * (or every tool).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Permissions(
    @JsonProperty("can_read_from") List<String> canReadFrom,
    @JsonProperty("can_send_to") List<String> canSendTo,
    @JsonProperty("can_access_tools") List<String> canAccessTools) {

  public static final String ANY = "*";

  public static final Permissions ALL = new Permissions(List.of(ANY), List.of(ANY), List.of(ANY));

  public Permissions {
    canReadFrom = List.copyOf(canReadFrom == null ? List.of(ANY) : canReadFrom);
    canSendTo = List.copyOf(canSendTo == null ? List.of(ANY) : canSendTo);
    canAccessTools = List.copyOf(canAccessTools == null ? List.of(ANY) : canAccessTools);
  }

  public boolean readsFrom(String agentId) {
    return matches(canReadFrom, agentId);
  }

  public boolean sendsTo(String agentId) {
    return matches(canSendTo, agentId);
  }

  public boolean usesTool(String tool) {
    return matches(canAccessTools, tool);
  }

  private static boolean matches(List<String> allowed, String name) {
    return allowed.contains(ANY) || allowed.contains(name);
  }
}
