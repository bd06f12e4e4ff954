package dev.agentrelay.core.push;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An A2A push notification config: where the relay POSTs the updates of one task. {@code owner} is the agent
 * that set it; {@code token} is sent back in {@code X-A2A-Notification-Token} and keys the Standard Webhooks
 * signature; {@code authScheme}/{@code authCredentials} make the {@code Authorization} header.
 */
public record PushConfig(String configId, String taskId, String owner, String url, String token, String authScheme,
    String authCredentials) {

  /** A task whose push configs are followed, and its two parties. */
  public record FollowedTask(String taskId, String fromAgent, String toAgent) {
  }

  /**
   * What a dispatcher pushes when it starts to follow a task: the inbox items (as stored JSON, in seq order)
   * committed after the oldest of its configs' pushed seqs, each due to the configs whose pushed seq is below its
   * own; whether the task is terminal (with no items, its terminal update was pushed and nothing is left to follow).
   */
  public record CatchUp(boolean terminal, Map<String, Long> pushedSeqs, List<String> items) {
  }

  /** The config of {@code configs} with that id. */
  public static Optional<PushConfig> find(List<PushConfig> configs, String configId) {
    return configs.stream().filter(c -> c.configId().equals(configId)).findFirst();
  }
}
