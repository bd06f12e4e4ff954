package dev.agentrelay.core.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.json.Fields;
import dev.agentrelay.core.model.Agent;
import dev.agentrelay.core.model.AgentStatus;
import dev.agentrelay.core.model.Contact;
import dev.agentrelay.core.model.ContactMethod;
import dev.agentrelay.core.model.Permissions;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads an agent's profile from a registration body or an agents-file entry. Defaults: name = id,
 * tier 3, contact poll, permissions "*".
 */
public final class AgentInput {

  public static final Pattern AGENT_ID = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,63}$");
  public static final int DEFAULT_TIER = 3;

  private static final int MAX_TEXT = 1000;
  private static final int MAX_LIST = 256;

  private AgentInput() {
  }

  /** The profile in {@code body}, timestamped {@code at}; the status starts offline. */
  public static Agent read(Fields body, boolean allowLocalWebhooks, String at) {
    String agentId = checkAgentId(body.requiredText("agent_id", 64 + 1));
    Integer tier = body.optionalInt("trust_tier");
    if (tier != null && (tier < 1 || tier > 3)) {
      throw RelayException.invalid("'trust_tier' must be 1, 2 or 3");
    }
    List<String> capabilities = body.optionalStrings("capabilities", MAX_LIST, MAX_TEXT);
    ObjectNode metadata = body.optionalObject("metadata");
    return new Agent(agentId, orDefault(body.optionalText("name", MAX_TEXT), agentId),
        body.optionalText("description", 10 * MAX_TEXT), body.optionalText("version", MAX_TEXT),
        capabilities == null ? List.of() : capabilities, tier == null ? DEFAULT_TIER : tier,
        readContact(body.optionalFields("contact"), allowLocalWebhooks), readPermissions(body.optionalFields(
            "permissions")), AgentStatus.OFFLINE, null, metadata, at, at);
  }

  public static String checkAgentId(String agentId) {
    if (!AGENT_ID.matcher(agentId).matches()) {
      throw new RelayException(dev.agentrelay.core.Failure.INVALID, "invalid_agent_id",
          "'agent_id' must match " + AGENT_ID.pattern() + " (got '" + agentId + "')");
    }
    return agentId;
  }

  private static Contact readContact(Fields contact, boolean allowLocalWebhooks) {
    if (contact == null) {
      return Contact.POLL;
    }
    String methodWord = contact.optionalText("method", 32);
    ContactMethod method = methodWord == null ? ContactMethod.POLL : ContactMethod.parse("contact.method", methodWord);
    String url = contact.optionalText("webhook_url", 2048);
    if (method == ContactMethod.WEBHOOK) {
      if (url == null) {
        throw RelayException.invalid("'contact.webhook_url' is required when contact.method is webhook");
      }
      return new Contact(method, WebhookUrls.check(url, allowLocalWebhooks));
    }
    if (url != null) {
      throw RelayException.invalid("'contact.webhook_url' is only for contact.method webhook");
    }
    return new Contact(method, null);
  }

  private static Permissions readPermissions(Fields permissions) {
    if (permissions == null) {
      return Permissions.ALL;
    }
    return new Permissions(
        permissions.optionalStrings("can_read_from", MAX_LIST, 64),
        permissions.optionalStrings("can_send_to", MAX_LIST, 64),
        permissions.optionalStrings("can_access_tools", MAX_LIST, 64));
  }

  private static String orDefault(String value, String fallback) {
    return value == null ? fallback : value;
  }
}
