package dev.agentrelay.http;

import dev.agentrelay.cli.RelayProcess;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Two relays from the built jar on loopback and one PostgreSQL database, clustered with each other: each node has a
 * cluster port of its own and names the other's as its member. Node a starts first and b joins it; a node killed by
 * a test starts again on the same ports and joins the survivor.
 */
final class TwoNodeCluster {

  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(60);

  private final RelayProcess a;
  private final RelayProcess b;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** {@code shared}: the environment both nodes get (the store, the bootstrap token, limits). */
  TwoNodeCluster(Path dir, Map<String, String> shared) {
    // the HTTP port and the cluster port of each node, picked together so that no two are the same
    int[] ports = RelayProcess.freePorts(4);
    a = node(dir, "node-a", ports[0], ports[2], ports[3], shared);
    b = node(dir, "node-b", ports[1], ports[3], ports[2], shared);
  }

  private static RelayProcess node(Path dir, String nodeId, int port, int clusterPort, int otherClusterPort,
      Map<String, String> shared) {
    Map<String, String> env = new HashMap<>(shared);
    env.put("RELAY_NODE_ID", nodeId);
    env.put("RELAY_CLUSTER_HOST", "127.0.0.1");
    env.put("RELAY_CLUSTER_PORT", String.valueOf(clusterPort));
    env.put("RELAY_CLUSTER_MEMBERS", "127.0.0.1:" + otherClusterPort);
    return new RelayProcess(dir.resolve(nodeId), port, env);
  }

  RelayProcess a() {
    return a;
  }

  RelayProcess b() {
    return b;
  }

  RelayProcess other(RelayProcess node) {
    return node == a ? b : a;
  }

  List<RelayProcess> nodes() {
    return List.of(a, b);
  }

  void start() throws Exception {
    long started = System.nanoTime();
    a.start();
    long aListening = System.nanoTime();
    b.start();
    long bListening = System.nanoTime();
    awaitJoined();
    System.out.printf("ClusterIT: node a listened after %d ms, then b after %d ms; both counted two members %d ms"
        + " after b listened%n", millis(aListening - started), millis(bListening - aListening),
        millis(System.nanoTime() - bListening));
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  /** Starts a killed node again and waits until both count each other. */
  void restart(RelayProcess node) throws Exception {
    long started = System.nanoTime();
    node.start();
    awaitJoined();
    System.out.printf("ClusterIT: %s started again and joined in %d ms%n", node.url(),
        millis(System.nanoTime() - started));
  }

  /** Starts again a node that is not running (one a test killed), so that both run. */
  void ensureBothRunning() throws Exception {
    for (RelayProcess node : nodes()) {
      if (!node.alive()) {
        restart(node);
      }
    }
  }

  /**
   * Waits until both nodes' health counts two members. Bounded polling: membership has no event a client can
   * wait for.
   */
  void awaitJoined() throws InterruptedException {
    for (RelayProcess node : nodes()) {
      long deadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
      int members = members(node);
      while (members != 2) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(node.url() + " counts " + members + " members after " + JOIN_TIMEOUT
              + ", log:\n" + node.tail());
        }
        Thread.sleep(100);
        members = members(node);
      }
    }
  }

  private int members(RelayProcess node) throws InterruptedException {
    try {
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(node.url() + "/api/v1/health"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      JsonObject cluster = new JsonObject(health.body()).getJsonObject("cluster");
      return cluster == null ? -1 : cluster.getInteger("members");
    } catch (IOException unreachable) {
      return -1;
    }
  }

  void kill() throws InterruptedException {
    a.kill();
    b.kill();
  }

  /** Writes each node's whole log, every run of it, into {@code dir} (node-a.log, node-b.log). */
  void saveLogs(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.write(dir.resolve("node-a.log"), a.log());
    Files.write(dir.resolve("node-b.log"), b.log());
  }

  /** The last lines of both nodes' logs but for the request lines, for failure messages. */
  String tails() {
    return "node-a (" + a.state() + "):\n" + tail(a) + "\nnode-b (" + b.state() + "):\n" + tail(b);
  }

  private static String tail(RelayProcess node) {
    List<String> lines = node.log().stream().filter(line -> !line.contains(" INFO requests: ")).toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
