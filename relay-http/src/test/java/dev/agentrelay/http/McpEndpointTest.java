package dev.agentrelay.http;

import static dev.agentrelay.http.McpClients.INITIALIZE;
import static dev.agentrelay.http.McpClients.MCP_HEADERS;
import static dev.agentrelay.http.McpClients.error;
import static dev.agentrelay.http.McpClients.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpSyncClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The relay's own {@code /mcp}, driven by the MCP Java SDK's Streamable HTTP client. */
@ExtendWith(VertxExtension.class)
class McpEndpointTest {

  @TempDir
  Path dir;
  TestRelay relay;
  Api api;
  final List<McpSyncClient> clients = new ArrayList<>();

  @BeforeEach
  void start(Vertx vertx) {
    relay = TestRelay.start(vertx, dir, Map.of("RELAY_MCP_ALLOWED_ORIGINS", "http://localhost:6274"));
    api = relay.api();
  }

  @AfterEach
  void stop() {
    clients.forEach(McpSyncClient::closeGracefully);
    relay.stop();
  }

  McpSyncClient client(String key) {
    McpSyncClient client = McpClients.http(relay.port(), key);
    clients.add(client);
    return client;
  }

  @Test
  void aTaskSentThroughMcpReachesTheRecipientsMcpInbox() {
    McpSyncClient alice = client(api.register("alice", 2));
    McpSyncClient bob = client(api.register("bob", 2));
    assertThat(McpClients.toolNames(alice)).hasSize(12);

    Map<String, Object> task = ok(alice, "relay_send_task", Map.of("to_agent", "bob", "title", "Summarise the logs",
        "priority", "high"));
    Map<String, Object> inbox = ok(bob, "relay_inbox", Map.of());
    assertThat(inbox.get("items").toString()).contains((String) task.get("task_id")).contains("Summarise the logs");

    ok(bob, "relay_update_task", Map.of("task_id", task.get("task_id"), "status", "working", "message", "on it"));
    assertThat(api.get("/api/v1/tasks/" + task.get("task_id"), TestRelay.ADMIN_KEY).json().getString("status"))
        .isEqualTo("working");
  }

  @Test
  void listsOnlyTheAgentsToolsAndRefusesTheOthersWithoutActing() {
    String key = api.register("scout", 2, new JsonObject().put("permissions", new JsonObject()
        .put("can_access_tools", new JsonArray().add("relay_inbox").add("relay_agents"))));
    api.register("bob", 2);
    McpSyncClient scout = client(key);

    assertThat(McpClients.toolNames(scout)).containsExactly("relay_inbox", "relay_agents");
    assertThat(error(scout, "relay_send_task", Map.of("to_agent", "bob", "title", "sneaky")))
        .contains("may not use relay_send_task");
    assertThat(api.inbox(api.register("carol", 1)).getJsonArray("items")).isEmpty();
    assertThat(api.get("/api/v1/tasks", TestRelay.ADMIN_KEY).json().getJsonArray("tasks")).isEmpty();
  }

  @Test
  void relayRefusalsAreErrorResultsTheModelCanActOn() {
    McpSyncClient alice = client(api.register("alice", 2));
    assertThat(error(alice, "relay_send_task", Map.of("to_agent", "ghost", "title", "t")))
        .isEqualTo("agent 'ghost' is not registered; call relay_agents to see who is.");
    assertThat(error(alice, "relay_broadcast", Map.of("content", "hi", "parts", List.of())))
        .contains("give 'content' or 'parts', not both");
  }

  @Test
  void aSessionBelongsToTheAgentThatOpenedIt() {
    String alice = api.register("alice", 2);
    String bob = api.register("bob", 2);
    Api.Reply opened = api.send(HttpMethod.POST, "/mcp", alice, INITIALIZE, MCP_HEADERS);
    assertThat(opened.status()).as(opened.toString()).isEqualTo(200);
    String session = opened.header("Mcp-Session-Id");
    assertThat(session).isNotBlank();

    Map<String, String> asBob = new java.util.HashMap<>(MCP_HEADERS);
    asBob.put("Mcp-Session-Id", session);
    String list = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
    assertThat(api.send(HttpMethod.POST, "/mcp", bob, list, asBob).status()).isEqualTo(404);
    assertThat(api.send(HttpMethod.DELETE, "/mcp", alice, null, Map.of("Mcp-Session-Id", session)).status())
        .isEqualTo(200);
    assertThat(api.send(HttpMethod.POST, "/mcp", alice, list, asBob).status()).isEqualTo(404);
  }

  @Test
  void anAgentRegisteredAgainUnderTheSameIdDoesNotInheritTheSessionsOfTheOneDeleted() {
    String first = api.register("alice", 2);
    String session = api.send(HttpMethod.POST, "/mcp", first, INITIALIZE, MCP_HEADERS).header("Mcp-Session-Id");
    Map<String, String> inSession = new java.util.HashMap<>(MCP_HEADERS);
    inSession.put("Mcp-Session-Id", session);
    String list = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
    assertThat(api.send(HttpMethod.POST, "/mcp", first, list, inSession).status()).isEqualTo(200);

    assertThat(api.delete("/api/v1/agents/alice", TestRelay.ADMIN_KEY).status()).isEqualTo(204);
    String second = api.register("alice", 2);

    assertThat(api.send(HttpMethod.POST, "/mcp", second, list, inSession).status()).isEqualTo(404);
  }

  @Test
  void aSessionsEventStreamEndsWhenItsKeyIsRotated(Vertx vertx) {
    String alice = api.register("alice", 2);
    Api.Reply opened = api.send(HttpMethod.POST, "/mcp", alice, INITIALIZE, MCP_HEADERS);
    String session = opened.header("Mcp-Session-Id");
    try (SseClient stream = SseClient.open(vertx, relay.port(), "/mcp", alice, Map.of("Mcp-Session-Id", session))) {
      assertThat(stream.status()).isEqualTo(200);

      assertThat(api.post("/api/v1/agents/alice/keys", alice, null).status()).isEqualTo(200);

      stream.awaitBody();
    }
    assertThat(SseClient.open(vertx, relay.port(), "/mcp", alice, Map.of("Mcp-Session-Id", session)).status())
        .isEqualTo(401);
  }

  @Test
  void refusesMissingKeysForeignOriginsAndUnknownProtocolVersions() {
    String alice = api.register("alice", 2);
    assertThat(api.send(HttpMethod.POST, "/mcp", null, INITIALIZE, MCP_HEADERS).status()).isEqualTo(401);
    Map<String, String> foreign = new java.util.HashMap<>(MCP_HEADERS);
    foreign.put("Origin", "http://evil.example");
    assertThat(api.send(HttpMethod.POST, "/mcp", alice, INITIALIZE, foreign).status()).isEqualTo(403);
    foreign.put("Origin", "http://localhost:6274");
    assertThat(api.send(HttpMethod.POST, "/mcp", alice, INITIALIZE, foreign).status()).isEqualTo(200);
    foreign.put("Origin", "http://127.0.0.1:" + relay.port()); // the relay's own origin
    assertThat(api.send(HttpMethod.POST, "/mcp", alice, INITIALIZE, foreign).status()).isEqualTo(200);

    Map<String, String> future = new java.util.HashMap<>(MCP_HEADERS);
    future.put("MCP-Protocol-Version", "2099-01-01");
    Api.Reply refused = api.send(HttpMethod.POST, "/mcp", alice, INITIALIZE, future);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).contains("2025-06-18");
  }

  @Test
  void aWaitingCallAnswersWhenWorkArrives() throws Exception {
    McpSyncClient bob = client(api.register("bob", 2));
    String alice = api.register("alice", 2);
    var waiting = java.util.concurrent.CompletableFuture.supplyAsync(() ->
        ok(bob, "relay_wait_inbox", Map.of("wait", 30)));
    SseStreamTest.awaitStat(api, "long_poll_waiters", n -> n == 1);
    api.createTask(alice, "bob", "wake up");
    Map<String, Object> inbox = waiting.get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(inbox.get("items").toString()).contains("wake up");
  }
}
