package dev.agentrelay.core.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Whether this node joins a clustered event bus and where: the other members' {@code host:port} (fixed list, TCP,
 * no multicast), this node's cluster address, and the node id shown in health, logs and metrics.
 */
public record ClusterSettings(List<String> members, String host, int port, String nodeId) {

  public ClusterSettings {
    members = List.copyOf(members);
    members.forEach(member -> require(member.matches("[^:\\s]+:\\d{1,5}"),
        "RELAY_CLUSTER_MEMBERS must be comma-separated host:port, not '" + member + "'"));
    require(port >= 1 && port <= 65535, "RELAY_CLUSTER_PORT must be 1-65535");
    require(!nodeId.isBlank(), "RELAY_NODE_ID must not be blank");
  }

  static ClusterSettings from(Map<String, String> s) {
    List<String> members = Arrays.stream(s.getOrDefault("RELAY_CLUSTER_MEMBERS", "").split(","))
        .map(String::trim).filter(member -> !member.isEmpty()).toList();
    String port = s.getOrDefault("RELAY_CLUSTER_PORT", "5701").trim();
    try {
      return new ClusterSettings(members, s.getOrDefault("RELAY_CLUSTER_HOST", "127.0.0.1").trim(),
          Integer.parseInt(port), s.getOrDefault("RELAY_NODE_ID", hostName()).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("RELAY_CLUSTER_PORT must be a number, not '" + port + "'");
    }
  }

  /** Whether this node joins a cluster. */
  public boolean clustered() {
    return !members.isEmpty();
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "relay";
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
