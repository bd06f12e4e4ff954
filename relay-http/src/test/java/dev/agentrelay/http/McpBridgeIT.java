package dev.agentrelay.http;

import static dev.agentrelay.http.McpClients.error;
import static dev.agentrelay.http.McpClients.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentrelay.core.json.Json;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge as an MCP client starts it: {@code java -jar relay-mcp.jar} as a real process, spoken to over
 * stdio by the MCP Java SDK's client, against a real relay.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class McpBridgeIT {

  TestRelay relay;
  Api api;
  String url;
  final Map<String, String> keys = new java.util.HashMap<>();
  final List<McpSyncClient> clients = new ArrayList<>();
  final List<String> bridgeLog = new CopyOnWriteArrayList<>();
  McpSyncClient alice;
  McpSyncClient bob;

  @BeforeAll
  void start(Vertx vertx, @TempDir Path dir) {
    relay = TestRelay.start(vertx, dir);
    api = relay.api();
    url = "http://127.0.0.1:" + relay.port();
    keys.put("alice", api.register("alice", 2));
    keys.put("bob", api.register("bob", 2));
    keys.put("loner", api.register("loner", 2, new JsonObject().put("permissions", new JsonObject()
        .put("can_send_to", new JsonArray().add("alice")))));
    keys.put("scout", api.register("scout", 2, new JsonObject().put("permissions", new JsonObject()
        .put("can_access_tools", new JsonArray().add("relay_inbox").add("relay_agents")))));
    alice = bridge("alice");
    bob = bridge("bob");
  }

  @AfterAll
  void stop() {
    clients.forEach(McpSyncClient::closeGracefully);
    relay.stop();
  }

  McpSyncClient bridge(String agentId) {
    McpSyncClient client = McpClients.bridge(url, keys.get(agentId), agentId, bridgeLog::add);
    clients.add(client);
    client.initialize();
    return client;
  }

  @Test
  void startsAndAnswersItsFirstToolsList() {
    long started = System.nanoTime();
    McpSyncClient client = McpClients.bridge(url, keys.get("alice"), "alice", bridgeLog::add);
    clients.add(client);
    client.initialize();
    List<String> tools = McpClients.toolNames(client);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    System.out.println("bridge start-up to first answered tools/list: " + millis + " ms");
    assertThat(tools).hasSize(12).contains("relay_wait_inbox", "relay_ack");
  }

  @Test
  void aTaskTravelsFromOneAgentsBridgeToAnothersAndBack() {
    long aliceAfter = next(alice);
    Map<String, Object> task = ok(alice, "relay_send_task", Map.of("to_agent", "bob", "title", "Summarise the logs",
        "content", "last 24 h", "priority", "high"));
    String taskId = (String) task.get("task_id");

    McpSchema.CallToolResult inbox = McpClients.call(bob, "relay_inbox", Map.of("from", "alice"));
    assertThat(McpClients.text(inbox)).contains(taskId).contains("Summarise the logs").contains("relay_ack");
    ok(bob, "relay_update_task", Map.of("task_id", taskId, "status", "working", "message", "on it"));
    Map<String, Object> artifact = ok(bob, "relay_attach_artifact", Map.of("task_id", taskId, "name", "summary.md",
        "content", "all quiet", "mime_type", "text/markdown"));
    assertThat(artifact.get("artifact_id")).asString().startsWith("art_");

    JsonNode back = Json.MAPPER.valueToTree(ok(alice, "relay_inbox", Map.of("after", aliceAfter)));
    assertThat(back.path("items").findValuesAsText("event")).containsSubsequence("task.updated", "artifact.new");
    long upTo = back.path("next_after").asLong();
    assertThat((Number) ok(alice, "relay_ack", Map.of("up_to_seq", upTo)).get("acknowledged"))
        .matches(n -> n.intValue() >= 2);
    assertThat(McpClients.text(McpClients.call(alice, "relay_get_task", Map.of("task_id", taskId))))
        .contains("working").contains("1 artifact").contains("on it");
  }

  @Test
  void waitInboxIdlesUntilWorkArrives() throws Exception {
    long after = next(bob);
    CompletableFuture<Map<String, Object>> waiting = CompletableFuture.supplyAsync(() ->
        ok(bob, "relay_wait_inbox", Map.of("wait", 30, "after", after)));
    SseStreamTest.awaitStat(api, "long_poll_waiters", n -> n == 1);
    ok(alice, "relay_send_task", Map.of("to_agent", "bob", "title", "Wake up"));
    Map<String, Object> woken = waiting.get(10, TimeUnit.SECONDS);
    assertThat(woken.get("items").toString()).contains("Wake up");
  }

  @Test
  void failuresAreResultsWithASentenceAModelCanActOn() {
    assertThat(error(alice, "relay_send_task", Map.of("to_agent", "ghost", "title", "t")))
        .isEqualTo("agent 'ghost' is not registered; call relay_agents to see who is.");
    McpSyncClient loner = bridge("loner");
    assertThat(error(loner, "relay_send_task", Map.of("to_agent", "bob", "title", "t")))
        .contains("may not send to 'bob'").contains("relay_agents");
    String taskId = (String) ok(alice, "relay_send_task", Map.of("to_agent", "bob", "title", "finish me"))
        .get("task_id");
    ok(bob, "relay_update_task", Map.of("task_id", taskId, "status", "working"));
    ok(bob, "relay_update_task", Map.of("task_id", taskId, "status", "completed"));
    assertThat(error(bob, "relay_update_task", Map.of("task_id", taskId, "status", "working")))
        .contains("cannot move from completed to working").contains("relay_get_task");
    assertThat(error(bob, "relay_update_task", Map.of("task_id", taskId, "status", "done")))
        .contains("'status' must be one of");
  }

  @Test
  void aToolOutsideCanAccessToolsIsNeitherListedNorRun() {
    McpSyncClient scout = bridge("scout");
    assertThat(McpClients.toolNames(scout)).containsExactly("relay_inbox", "relay_agents");
    int tasksBefore = api.get("/api/v1/tasks?limit=200", TestRelay.ADMIN_KEY).json().getJsonArray("tasks").size();
    assertThat(error(scout, "relay_send_task", Map.of("to_agent", "bob", "title", "sneaky")))
        .contains("may not use relay_send_task");
    assertThat(api.get("/api/v1/tasks?limit=200", TestRelay.ADMIN_KEY).json().getJsonArray("tasks"))
        .hasSize(tasksBefore);
  }

  @Test
  void aRetriedSendCreatesOneTask() {
    Map<String, Object> arguments = Map.of("to_agent", "bob", "title", "only once", "content", "retry me");
    Map<String, Object> first = ok(alice, "relay_send_task", arguments);
    McpSchema.CallToolResult retry = McpClients.call(alice, "relay_send_task", arguments);
    assertThat(((Map<?, ?>) retry.structuredContent()).get("task_id")).isEqualTo(first.get("task_id"));
    assertThat(McpClients.text(retry)).contains("created nothing new");
  }

  @Test
  void anUnreachableRelayIsAnErrorResultAndTheBridgeStaysUp() throws Exception {
    String closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = "http://127.0.0.1:" + socket.getLocalPort();
    }
    McpSyncClient lost = McpClients.bridge(closed, keys.get("alice"), "alice", bridgeLog::add);
    clients.add(lost);
    lost.initialize();
    assertThat(McpClients.toolNames(lost)).hasSize(12);
    assertThat(error(lost, "relay_inbox", Map.of())).contains("is unreachable").contains("nothing was done");
    lost.ping();
  }

  @Test
  void aRefusedKeyIsAnErrorResultThatNamesTheKey() {
    McpSyncClient wrong = McpClients.bridge(url, "ark_not-a-key", "alice", bridgeLog::add);
    clients.add(wrong);
    wrong.initialize();
    assertThat(error(wrong, "relay_agents", Map.of())).contains("refused the bridge's API key (RELAY_API_KEY)");
  }

  @Test
  void stdoutCarriesOnlyProtocolAndClosingStdinEndsTheBridge() throws Exception {
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", System.getProperty("bridge.jar"));
    builder.environment().putAll(Map.of("RELAY_URL", url, "RELAY_API_KEY", keys.get("alice"), "AGENT_ID", "alice"));
    Process process = builder.start();
    try {
      OutputStream stdin = process.getOutputStream();
      stdin.write(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}\n"
          + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
          + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"relay_agents\","
          + "\"arguments\":{}}}\n").getBytes(StandardCharsets.UTF_8));
      stdin.flush();
      BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8));
      List<JsonNode> messages = CompletableFuture.supplyAsync(() -> readMessages(stdout, 2)).get(30, TimeUnit.SECONDS);
      assertThat(messages).allSatisfy(message -> assertThat(message.path("jsonrpc").asText()).isEqualTo("2.0"));
      assertThat(messages.get(0).path("result").path("protocolVersion").asText()).isEqualTo("2025-06-18");
      assertThat(messages.get(1).path("result").path("isError").asBoolean()).isFalse();
      stdin.close();
      assertThat(process.waitFor(15, TimeUnit.SECONDS)).as("the bridge exits when stdin closes").isTrue();
      for (String rest = stdout.readLine(); rest != null; rest = stdout.readLine()) {
        assertThat(Json.MAPPER.readTree(rest).path("jsonrpc").asText()).as("only protocol after the answers")
            .isEqualTo("2.0");
      }
      String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(stderr).contains("agent 'alice' via").doesNotContain(keys.get("alice"));
    } finally {
      process.destroyForcibly();
    }
  }

  /** The next {@code count} answers; notifications between them (the bridge's channel) are passed over. */
  private static List<JsonNode> readMessages(BufferedReader stdout, int count) {
    List<JsonNode> messages = new ArrayList<>();
    try {
      while (messages.size() < count) {
        JsonNode message = Json.MAPPER.readTree(stdout.readLine());
        assertThat(message.path("jsonrpc").asText()).isEqualTo("2.0");
        if (message.has("id")) {
          messages.add(message);
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return messages;
  }

  /** The seq after which an agent's next items will come. */
  private static long next(McpSyncClient client) {
    return ((Number) ok(client, "relay_inbox", Map.of("limit", 200)).get("next_after")).longValue();
  }
}
