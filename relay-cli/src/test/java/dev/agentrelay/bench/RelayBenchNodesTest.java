package dev.agentrelay.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code relay bench --url A,B}: the send and push scenarios against two nodes. The nodes are two addresses of one
 * relay (a forwarder in front of it stands in for the second node and counts what went through each), enough to see
 * that senders and listeners are spread over the URLs and that the rows name the node that sent and the one that
 * listened.
 */
class RelayBenchNodesTest {

  @TempDir
  static Path dir;

  private static EmbeddedRelay relay;
  private static Vertx vertx;
  private static NodeForwarder nodeA;
  private static NodeForwarder nodeB;

  @BeforeAll
  static void startTwoAddressesOfOneRelay() {
    relay = EmbeddedRelay.start(dir.resolve("relay"));
    vertx = Vertx.vertx();
    int port = URI.create(relay.url()).getPort();
    nodeA = NodeForwarder.start(vertx, port);
    nodeB = NodeForwarder.start(vertx, port);
  }

  @AfterAll
  static void stop() {
    nodeA.close();
    nodeB.close();
    Bench.await(vertx.close(), 10);
    relay.close();
  }

  @Test
  void sendersAreSpreadOverTheNodesAndEachNodesSendsAreReported() {
    BenchReport report = run("--scenarios", "send", "--sqlite-seconds", "0.2", "--senders", "4", "--recipients", "2",
        "--warmup", "0.2", "--seconds", "1");

    ScenarioResult send = report.scenario("send").orElseThrow();
    assertThat(send.failed()).as(send.table()).isFalse();
    JsonObject data = new JsonObject(send.data().encode());
    JsonArray nodes = data.getJsonArray("nodes");
    assertThat(nodes).hasSize(2);
    assertThat(nodes.getJsonObject(0).getString("url")).isEqualTo(nodeA.url());
    assertThat(nodes.getJsonObject(1).getString("url")).isEqualTo(nodeB.url());
    long total = 0;
    for (int n = 0; n < 2; n++) {
      JsonObject node = nodes.getJsonObject(n);
      assertThat(node.getInteger("senders")).isEqualTo(2);
      assertThat(node.getLong("sends")).isPositive();
      assertThat(node.getJsonObject("latency").getDouble("p99_ms")).isPositive();
      total += node.getLong("sends");
    }
    assertThat(total).isEqualTo(data.getLong("sends"));
    assertThat(nodeA.requests("POST /api/v1/messages")).isPositive();
    assertThat(nodeB.requests("POST /api/v1/messages")).isPositive();
    assertThat(send.table()).contains("send latency via " + label(nodeA), "send latency via " + label(nodeB));
    JsonObject header = report.header();
    assertThat(header.getString("url")).isEqualTo(nodeA.url());
    assertThat(header.getJsonArray("nodes")).hasSize(2);
  }

  @Test
  void pushSendsThroughTheFirstNodeAndListensOnTheSecond() {
    int messagesA = nodeA.requests("POST /api/v1/messages");
    int messagesB = nodeB.requests("POST /api/v1/messages");

    BenchReport report = run("--scenarios", "push", "--rates", "50", "--messages-per-rate", "30", "--warmup", "0.2");

    ScenarioResult push = report.scenario("push").orElseThrow();
    assertThat(push.failed()).as(push.table()).isFalse();
    JsonObject data = new JsonObject(push.data().encode());
    assertThat(data.getBoolean("cross_node")).isTrue();
    assertThat(data.getString("sent_via")).isEqualTo(label(nodeA));
    assertThat(data.getString("heard_on")).isEqualTo(label(nodeB));
    for (String mode : new String[] {"sse", "long_poll"}) {
      JsonObject figures = data.getJsonObject("rate_50").getJsonObject(mode);
      assertThat(figures.getLong("lost")).as(mode).isZero();
      assertThat(figures.getJsonObject("latency").getLong("count")).as(mode).isEqualTo(30L);
    }
    assertThat(nodeA.requests("POST /api/v1/messages")).as("sends through A").isGreaterThan(messagesA);
    assertThat(nodeB.requests("POST /api/v1/messages")).as("no send through B").isEqualTo(messagesB);
    assertThat(nodeB.requests("GET /api/v1/inbox/stream")).as("SSE on B").isPositive();
    assertThat(nodeB.requests("GET /api/v1/inbox")).as("long-polls on B").isPositive();
    assertThat(nodeB.requests("POST /api/v1/inbox/ack")).as("acks on B").isPositive();
    assertThat(nodeA.requests("GET /api/v1/inbox/stream")).as("no SSE on A").isZero();
    assertThat(push.table()).contains("50/s send via " + label(nodeA) + "->sse on " + label(nodeB),
        "50/s send via " + label(nodeA) + "->long-poll on " + label(nodeB));
    assertThat(report.summary()).extracting(BenchReport.Check::metric)
        .contains("cross-node push send->sse p50 / p99, worst rate", "cross-node push send->long-poll p50 / p99, "
            + "worst rate");
    assertThat(report.summary()).filteredOn(c -> c.metric().startsWith("cross-node"))
        .allSatisfy(c -> assertThat(c.target()).isEqualTo("p99 < 50 ms"));
  }

  @Test
  void fanoutStreamsAreSpreadOverTheNodesAndTheBroadcastGoesThroughTheFirst() {
    int streamsA = nodeA.requests("GET /api/v1/inbox/stream");
    int streamsB = nodeB.requests("GET /api/v1/inbox/stream");
    int broadcastsB = nodeB.requests("POST /api/v1/broadcast");

    BenchReport report = run("--scenarios", "fanout", "--fanout", "6", "--fanout-rounds", "1");

    ScenarioResult fanout = report.scenario("fanout").orElseThrow();
    assertThat(fanout.failed()).as(fanout.table()).isFalse();
    assertThat(fanout.data().getDouble("all_received_worst_ms")).isPositive();
    assertThat(nodeA.requests("GET /api/v1/inbox/stream") - streamsA).isEqualTo(3);
    assertThat(nodeB.requests("GET /api/v1/inbox/stream") - streamsB).isEqualTo(3);
    assertThat(nodeA.requests("POST /api/v1/broadcast")).isPositive();
    assertThat(nodeB.requests("POST /api/v1/broadcast")).isEqualTo(broadcastsB);
    assertThat(fanout.table()).contains("streams spread over", "2 nodes (" + label(nodeA) + ", " + label(nodeB) + ")");
  }

  @Test
  void oneUrlStaysOneNodeAndEveryUrlMustBeAnHttpUrl() {
    BenchOptions one = BenchOptions.parse(new String[] {"--url", "http://127.0.0.1:8400", "--key", "k"});
    assertThat(one.url()).isEqualTo("http://127.0.0.1:8400");
    assertThat(one.urls()).containsExactly("http://127.0.0.1:8400");

    BenchOptions comma = BenchOptions.parse(new String[] {"--url", "http://a:8401,http://b:8402", "--key", "k"});
    BenchOptions repeated = BenchOptions.parse(new String[] {"--url", "http://a:8401", "--url", "http://b:8402",
        "--key", "k"});
    assertThat(comma.urls()).containsExactly("http://a:8401", "http://b:8402");
    assertThat(repeated.urls()).isEqualTo(comma.urls());
    assertThat(comma.url()).isEqualTo("http://a:8401");

    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--url", "http://a:8401,,http://b:8402", "--key", "k"}))
        .hasMessageContaining("--url '' is not an http:// or https:// URL");
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--url", "a:8401", "--key", "k"}))
        .hasMessageContaining("--url 'a:8401' is not an http:// or https:// URL");
  }

  private static BenchReport run(String... scenarioArgs) {
    String[] common = {"--url", nodeA.url() + "," + nodeB.url(), "--key", relay.adminKey(), "--tmp",
        dir.resolve("bench").toString()};
    String[] args = new String[common.length + scenarioArgs.length];
    System.arraycopy(common, 0, args, 0, common.length);
    System.arraycopy(scenarioArgs, 0, args, common.length, scenarioArgs.length);
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    BenchReport report = RelayBench.run(BenchOptions.parse(args), new PrintStream(progress, true,
        StandardCharsets.UTF_8));
    System.err.print(progress.toString(StandardCharsets.UTF_8) + report.table());
    return report;
  }

  /** How the bench names a node: the relay's node id, then the address it was reached at. */
  private static String label(NodeForwarder node) {
    String hostPort = URI.create(node.url()).getAuthority();
    JsonObject health = new JsonObject(new String(get(node.url() + "/api/v1/health"), StandardCharsets.UTF_8));
    String id = health.getString("node");
    return id == null ? hostPort : id + " (" + hostPort + ")";
  }

  private static byte[] get(String url) {
    try {
      return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(URI.create(url))
          .build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
