package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code relay://inbox} on {@code /mcp}: listed, read, subscribed to, and updated on the session's GET stream. */
@ExtendWith(VertxExtension.class)
class McpInboxResourceTest {

  static final String INBOX = "relay://inbox";
  /** How long a session must stay quiet to show that no update is coming; updates otherwise come within 100 ms. */
  static final long QUIET_MILLIS = 700;

  @TempDir
  Path dir;
  TestRelay relay;
  Api api;
  final List<McpSyncClient> clients = new ArrayList<>();

  @BeforeEach
  void start(Vertx vertx) {
    relay = TestRelay.start(vertx, dir);
    api = relay.api();
  }

  @AfterEach
  void stop() {
    clients.forEach(McpSyncClient::closeGracefully);
    relay.stop();
  }

  /** A client whose resource updates land in {@code updates}. */
  McpSyncClient client(String key, BlockingQueue<String> updates) {
    HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
        .builder("http://127.0.0.1:" + relay.port()).endpoint("/mcp")
        .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + key))
        .build();
    McpSyncClient client = McpClient.sync(transport).requestTimeout(McpClients.REQUEST_TIMEOUT)
        .resourcesUpdateConsumer(contents -> contents.forEach(c -> updates.add(c.uri())))
        .build();
    clients.add(client);
    client.initialize();
    return client;
  }

  void send(String fromKey, String to, String text) {
    Api.Reply sent = api.post("/api/v1/messages", fromKey, new JsonObject().put("to_agent", to).put("content", text));
    assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
  }

  static String text(McpSchema.ReadResourceResult read) {
    return ((McpSchema.TextResourceContents) read.contents().get(0)).text();
  }

  @Test
  void listsAndReadsTheInboxAsRelayInboxShowsIt() {
    String alice = api.register("alice", 2);
    McpSyncClient bob = client(api.register("bob", 2), new LinkedBlockingQueue<>());
    assertThat(bob.getServerCapabilities().resources().subscribe()).isTrue();
    assertThat(bob.getServerCapabilities().tools()).isNotNull();
    McpSchema.Resource listed = bob.listResources().resources().get(0);
    assertThat(listed.uri()).isEqualTo(INBOX);
    assertThat(listed.mimeType()).isEqualTo("text/plain");
    assertThat(listed.description()).contains("unacknowledged");

    send(alice, "bob", "the build is green");
    McpSchema.ReadResourceResult read = bob.readResource(new McpSchema.ReadResourceRequest(INBOX));
    assertThat(read.contents()).hasSize(1);
    assertThat(read.contents().get(0).mimeType()).isEqualTo("text/plain");
    assertThat(text(read)).contains("message.new from alice: \"the build is green\"");
    McpSchema.CallToolResult tool = McpClients.call(bob, "relay_inbox", Map.of());
    assertThat(text(read)).isEqualTo(tool.content().stream().map(c -> ((McpSchema.TextContent) c).text())
        .collect(Collectors.joining("\n\n")));
  }

  @Test
  void refusesOtherUrisAndAgentsWithoutRelayInbox() {
    McpSyncClient alice = client(api.register("alice", 2), new LinkedBlockingQueue<>());
    assertThatThrownBy(() -> alice.subscribeResource(new McpSchema.SubscribeRequest("relay://outbox")))
        .isInstanceOf(McpError.class).hasMessageContaining("no resource 'relay://outbox'");

    String key = api.register("scout", 2, new JsonObject().put("permissions", new JsonObject()
        .put("can_access_tools", new JsonArray().add("relay_agents"))));
    McpSyncClient scout = client(key, new LinkedBlockingQueue<>());
    assertThat(scout.listResources().resources()).isEmpty();
    assertThatThrownBy(() -> scout.readResource(new McpSchema.ReadResourceRequest(INBOX)))
        .isInstanceOf(McpError.class).hasMessageContaining("may not read relay://inbox");
    assertThatThrownBy(() -> scout.subscribeResource(new McpSchema.SubscribeRequest(INBOX)))
        .isInstanceOf(McpError.class).hasMessageContaining("may not read relay://inbox");
  }

  @Test
  void aSubscribedSessionHearsOfItsOwnAgentsDeliveriesOnly() throws InterruptedException {
    String alice = api.register("alice", 2);
    BlockingQueue<String> bobUpdates = new LinkedBlockingQueue<>();
    BlockingQueue<String> carolUpdates = new LinkedBlockingQueue<>();
    McpSyncClient bob = client(api.register("bob", 2), bobUpdates);
    McpSyncClient carol = client(api.register("carol", 2), carolUpdates);
    bob.subscribeResource(new McpSchema.SubscribeRequest(INBOX));
    carol.subscribeResource(new McpSchema.SubscribeRequest(INBOX));

    send(alice, "bob", "for bob only");
    assertThat(bobUpdates.poll(10, TimeUnit.SECONDS)).isEqualTo(INBOX);
    assertThat(text(bob.readResource(new McpSchema.ReadResourceRequest(INBOX)))).contains("for bob only");
    assertThat(carolUpdates.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void aBurstOfDeliveriesMakesFewUpdates() throws InterruptedException {
    String alice = api.register("alice", 2);
    BlockingQueue<String> updates = new LinkedBlockingQueue<>();
    McpSyncClient bob = client(api.register("bob", 2), updates);
    bob.subscribeResource(new McpSchema.SubscribeRequest(INBOX));

    int sends = 30;
    long started = System.nanoTime();
    for (int i = 0; i < sends; i++) {
      send(alice, "bob", "message " + i);
    }
    long burstMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertThat(updates.poll(10, TimeUnit.SECONDS)).isEqualTo(INBOX);
    int received = 1;
    while (updates.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS) != null) {
      received++;
    }
    // updates are at least 100 ms apart and the last follows the last delivery by at most about that much
    assertThat(received).isLessThan(sends).isLessThanOrEqualTo((int) (burstMillis / 100) + 3);
  }

  @Test
  void unsubscribingStopsTheUpdates() throws InterruptedException {
    String alice = api.register("alice", 2);
    String bobKey = api.register("bob", 2);
    BlockingQueue<String> updates = new LinkedBlockingQueue<>();
    BlockingQueue<String> witness = new LinkedBlockingQueue<>();
    McpSyncClient bob = client(bobKey, updates);
    client(bobKey, witness).subscribeResource(new McpSchema.SubscribeRequest(INBOX));
    bob.subscribeResource(new McpSchema.SubscribeRequest(INBOX));
    send(alice, "bob", "one");
    assertThat(updates.poll(10, TimeUnit.SECONDS)).isEqualTo(INBOX);
    assertThat(witness.poll(10, TimeUnit.SECONDS)).isEqualTo(INBOX);

    bob.unsubscribeResource(new McpSchema.UnsubscribeRequest(INBOX));
    send(alice, "bob", "two");
    assertThat(witness.poll(10, TimeUnit.SECONDS)).isEqualTo(INBOX);
    assertThat(updates.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void deliveriesWhileTheStreamIsDownMakeOneUpdateWhenItReopens(Vertx vertx) {
    String alice = api.register("alice", 2);
    String bob = api.register("bob", 2);
    String session = McpClients.openSession(api, "/mcp", bob);
    Map<String, String> inSession = McpClients.inSession(session);
    Api.Reply subscribed = api.send(HttpMethod.POST, "/mcp", bob, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":"
        + "\"resources/subscribe\",\"params\":{\"uri\":\"relay://inbox\"}}", inSession);
    assertThat(subscribed.status()).as(subscribed.toString()).isEqualTo(200);
    assertThat(McpClients.events(subscribed.body()).get(0).getJsonObject("result")).isNotNull();

    send(alice, "bob", "while away 1");
    send(alice, "bob", "while away 2");
    Api.Reply read = api.send(HttpMethod.POST, "/mcp", bob, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":"
        + "\"resources/read\",\"params\":{\"uri\":\"relay://inbox\"}}", inSession);
    String text = McpClients.events(read.body()).get(0).getJsonObject("result").getJsonArray("contents")
        .getJsonObject(0).getString("text");
    assertThat(text).contains("while away 1").contains("while away 2");

    try (SseClient stream = SseClient.open(vertx, relay.port(), "/mcp", bob, Map.of("Mcp-Session-Id", session))) {
      assertThat(stream.status()).isEqualTo(200);
      JsonObject update = stream.awaitEvent(Duration.ofSeconds(10)).json();
      assertThat(update.getString("method")).isEqualTo("notifications/resources/updated");
      assertThat(update.getJsonObject("params").getString("uri")).isEqualTo(INBOX);
      assertThatThrownBy(() -> stream.awaitEvent(Duration.ofMillis(QUIET_MILLIS))).isInstanceOf(AssertionError.class);
    }
  }

  @Test
  void resourceRequestsNeedAUri() {
    String bob = api.register("bob", 2);
    Map<String, String> inSession = McpClients.inSession(McpClients.openSession(api, "/mcp", bob));
    Api.Reply read = api.send(HttpMethod.POST, "/mcp", bob, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":"
        + "\"resources/read\",\"params\":{}}", inSession);
    assertThat(read.status()).isEqualTo(400);
    assertThat(read.json().getJsonObject("error").getString("message")).contains("'uri'");
  }
}
