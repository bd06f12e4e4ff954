package dev.agentrelay.core.push;

import java.util.List;
import java.util.Optional;

/**
 * An A2A push notification config: where the relay POSTs the updates of one task. {@code owner} is the agent
 * that set it; {@code token} is sent back in {@code X-A2A-Notification-Token} and keys the Standard Webhooks
 * signature; {@code authScheme}/{@code authCredentials} make the {@code Authorization} header.
 */
public record PushConfig(String configId, String taskId, String owner, String url, String token, String authScheme,
    String authCredentials) {

  /** A task with push configs that is not terminal, and its two parties. */
  public record OpenTask(String taskId, String fromAgent, String toAgent) {
  }

  /** The config of {@code configs} with that id. */
  public static Optional<PushConfig> find(List<PushConfig> configs, String configId) {
    return configs.stream().filter(c -> c.configId().equals(configId)).findFirst();
  }
}
