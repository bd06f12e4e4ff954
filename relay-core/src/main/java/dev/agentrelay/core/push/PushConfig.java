package dev.agentrelay.core.push;

/**
 * An A2A push notification config: where the relay POSTs the updates of one task. {@code owner} is the agent
 * that set it; {@code token} is sent back in {@code X-A2A-Notification-Token} and keys the Standard Webhooks
 * signature; {@code authScheme}/{@code authCredentials} make the {@code Authorization} header.
 */
public record PushConfig(String configId, String taskId, String owner, String url, String token, String authScheme,
    String authCredentials) {
}
