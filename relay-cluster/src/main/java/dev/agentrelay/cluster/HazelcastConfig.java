package dev.agentrelay.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.NetworkConfig;
import dev.agentrelay.core.config.ClusterSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The Hazelcast member of one relay node, built here in full (no XML file, no system property can change it): the
 * fixed member list over TCP, nothing discovered, bound to the node's cluster address only, and the structures
 * Vert.x's cluster manager keeps (as in its default-cluster.xml).
 */
final class HazelcastConfig {

  /** Every relay cluster has this name: members of other Hazelcast clusters on the same hosts never join it. */
  static final String CLUSTER_NAME = "agent-relay";

  private HazelcastConfig() {
  }

  /**
   * Resolves {@code settings.host()} (a blocking look-up when it is a name); refuses a host that is no address of
   * one interface, as the other nodes must reach this one at it.
   */
  static Config of(ClusterSettings settings) {
    Config config = new Config().setClusterName(CLUSTER_NAME);
    config.setProperty("hazelcast.logging.type", "jdk");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    // a SIGKILLed member is declared dead after 10 s without heartbeats (Hazelcast's default: 60 s), so that the
    // survivors take over its work well within the 30 s the contract allows
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
    // nodes that started apart (each alone while the others were unreachable) look for each other every 15 s and
    // merge into one cluster (Hazelcast's default: first after 5 min, then every 2 min)
    config.setProperty("hazelcast.merge.first.run.delay.seconds", "15");
    config.setProperty("hazelcast.merge.next.run.delay.seconds", "15");
    network(config, settings);
    vertxStructures(config);
    return config;
  }

  private static void network(Config config, ClusterSettings settings) {
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(settings.port()).setPortAutoIncrement(false);
    InetAddress address = resolve(settings.host());
    network.getInterfaces().setEnabled(true).addInterface(address.getHostAddress());
    config.setProperty("hazelcast.socket.bind.any", "false");
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(settings.members());
  }

  private static InetAddress resolve(String host) {
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("RELAY_CLUSTER_HOST '" + host + "' is not a known host or address");
    }
    if (address.isAnyLocalAddress()) {
      throw new IllegalArgumentException("RELAY_CLUSTER_HOST must be the address the other nodes reach this node at,"
          + " not '" + host + "'");
    }
    return address;
  }

  /** The subscriptions of the clustered event bus and the node records, one backup each. */
  private static void vertxStructures(Config config) {
    config.addMultiMapConfig(new MultiMapConfig("__vertx.subs").setBackupCount(1)
        .setValueCollectionType(MultiMapConfig.ValueCollectionType.SET));
    config.addMapConfig(new MapConfig("__vertx.haInfo").setBackupCount(1));
    config.addMapConfig(new MapConfig("__vertx.nodeInfo").setBackupCount(1));
  }
}
