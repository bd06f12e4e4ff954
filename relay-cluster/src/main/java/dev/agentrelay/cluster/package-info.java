/**
 * More than one relay node: a clustered Vert.x over Hazelcast ({@link dev.agentrelay.cluster.ClusterVertx}, a fixed
 * member list over TCP) and the fan-out of each node's commits to the others
 * ({@link dev.agentrelay.cluster.ClusterFanout}, through {@link dev.agentrelay.core.bus.CommitFanout}).
 *
 * <p>A module of its own so that Hazelcast stays here: relay-core, the HTTP edge and the webhook dispatcher know
 * neither it nor this module, and hear the other nodes' commits on the same local addresses as their own node's.
 * Only the launcher depends on it.
 */
package dev.agentrelay.cluster;
