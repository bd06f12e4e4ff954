package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** MCP revision 2026-07-28 on {@code /mcp}, over raw HTTP: stateless requests, checked headers, listen streams. */
@ExtendWith(RelayExtension.class)
class McpModernTest {

  static final String VERSION = "2026-07-28";

  TestRelay relay;
  Api api;

  @BeforeEach
  void start(TestRelay relay) {
    this.relay = relay;
    api = relay.api();
  }

  static JsonObject meta(String version) {
    return new JsonObject().put("io.modelcontextprotocol/protocolVersion", version)
        .put("io.modelcontextprotocol/clientCapabilities", new JsonObject())
        .put("io.modelcontextprotocol/clientInfo", new JsonObject().put("name", "t").put("version", "1"));
  }

  static String request(String method, JsonObject params) {
    return new JsonObject().put("jsonrpc", "2.0").put("id", 7).put("method", method)
        .put("params", params.copy().put("_meta", params.containsKey("_meta") ? params.getValue("_meta")
            : meta(VERSION))).encode();
  }

  static Map<String, String> headers(String method, String name) {
    Map<String, String> headers = new HashMap<>(McpClients.MCP_HEADERS);
    headers.put("MCP-Protocol-Version", VERSION);
    headers.put("Mcp-Method", method);
    if (name != null) {
      headers.put("Mcp-Name", name);
    }
    return headers;
  }

  Api.Reply post(String key, String method, JsonObject params, Map<String, String> headers) {
    return api.send(HttpMethod.POST, "/mcp", key, request(method, params), headers);
  }

  Api.Reply post(String key, String method, JsonObject params) {
    return post(key, method, params, headers(method, null));
  }

  static JsonObject result(Api.Reply reply) {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(reply.header("Mcp-Session-Id")).isNull();
    JsonObject result = reply.json().getJsonObject("result");
    assertThat(result).as(reply.toString()).isNotNull();
    assertThat(result.getString("resultType")).isEqualTo("complete");
    assertThat(result.getJsonObject("_meta").getJsonObject("io.modelcontextprotocol/serverInfo")
        .getString("name")).isEqualTo("agent-relay");
    return result;
  }

  static JsonObject error(Api.Reply reply, int status, int code) {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
    JsonObject error = reply.json().getJsonObject("error");
    assertThat(error.getInteger("code")).as(reply.toString()).isEqualTo(code);
    assertThat(reply.json().getInteger("id")).isEqualTo(7);
    return error;
  }

  @Test
  void discoverNamesTheVersionsNewestFirstAndTheCapabilities() {
    JsonObject discovered = result(post(api.register("alice", 2), "server/discover", new JsonObject()));
    assertThat(discovered.getJsonArray("supportedVersions").getList())
        .containsExactly(VERSION, "2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");
    assertThat(discovered.getJsonObject("capabilities").getJsonObject("resources").getBoolean("subscribe")).isTrue();
    assertThat(discovered.getJsonObject("capabilities").getJsonObject("tools")).isNotNull();
    assertThat(discovered.getLong("ttlMs")).isNotNegative();
    assertThat(discovered.getString("cacheScope")).isEqualTo("public");
  }

  @Test
  void listsAndCallsToolsWithoutASession() {
    String alice = api.register("alice", 2);
    String bob = api.register("bob", 2);
    JsonObject tools = result(post(alice, "tools/list", new JsonObject()));
    assertThat(tools.getJsonArray("tools")).hasSize(12);
    assertThat(tools.getString("cacheScope")).isEqualTo("private");
    assertThat(tools.getLong("ttlMs")).isNotNegative();

    JsonObject call = new JsonObject().put("name", "relay_send_task").put("arguments", new JsonObject()
        .put("to_agent", "bob").put("title", "Stateless hello"));
    JsonObject sent = result(post(alice, "tools/call", call, headers("tools/call", "relay_send_task")));
    assertThat(sent.getBoolean("isError")).isFalse();
    assertThat(sent.getJsonObject("structuredContent").getString("to_agent")).isEqualTo("bob");
    assertThat(api.inbox(bob).getJsonArray("items")).hasSize(1);

    JsonObject resources = result(post(bob, "resources/list", new JsonObject()));
    assertThat(resources.getJsonArray("resources").getJsonObject(0).getString("uri")).isEqualTo("relay://inbox");
    JsonObject read = result(post(bob, "resources/read", new JsonObject().put("uri", "relay://inbox"),
        headers("resources/read", "relay://inbox")));
    assertThat(read.getJsonArray("contents").getJsonObject(0).getString("text")).contains("Stateless hello");
    assertThat(read.getString("cacheScope")).isEqualTo("private");

    Api.Reply unknown = post(bob, "resources/read", new JsonObject().put("uri", "relay://outbox"),
        headers("resources/read", "relay://outbox"));
    assertThat(error(unknown, 200, -32602).getJsonObject("data").getString("uri")).isEqualTo("relay://outbox");
  }

  @Test
  void aToolCallChecksTheKeyOnceThoughItCallsTheRestApiOverLoopback() {
    String alice = api.register("alice", 2);
    api.register("bob", 2);
    JsonObject call = new JsonObject().put("name", "relay_send_task").put("arguments", new JsonObject()
        .put("to_agent", "bob").put("title", "Checked once"));
    long before = keyChecks();
    JsonObject sent = result(post(alice, "tools/call", call, headers("tools/call", "relay_send_task")));
    assertThat(sent.getBoolean("isError")).isFalse();
    assertThat(keyChecks() - before).as("the /mcp request's check only").isEqualTo(1);
  }

  /** {@code relay_auth_key_checks_total}; reading /metrics without a key checks none. */
  private long keyChecks() {
    return api.get("/metrics", null).body().lines().filter(line -> line.startsWith("relay_auth_key_checks_total "))
        .mapToLong(line -> (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1))).findFirst()
        .orElseThrow();
  }

  @Test
  void refusesVersionsItDoesNotSpeakWithTheSupportedOnes() {
    String alice = api.register("alice", 2);
    Map<String, String> headers = headers("tools/list", null);
    headers.put("MCP-Protocol-Version", "1900-01-01");
    JsonObject error = error(post(alice, "tools/list", new JsonObject().put("_meta", meta("1900-01-01")), headers),
        400, -32022);
    assertThat(error.getJsonObject("data").getJsonArray("supported").getList()).first().isEqualTo(VERSION);
    assertThat(error.getJsonObject("data").getString("requested")).isEqualTo("1900-01-01");

    Map<String, String> noVersion = headers("tools/list", null);
    noVersion.remove("MCP-Protocol-Version");
    error = error(post(alice, "tools/list", new JsonObject().put("_meta", meta("2099-01-01")), noVersion), 400,
        -32022);
    assertThat(error.getJsonObject("data").getJsonArray("supported").getList()).contains("2025-11-25");
  }

  @Test
  void aVersionHeaderThatDiffersFromTheBodyIsAMismatch() {
    String alice = api.register("alice", 2);
    error(post(alice, "server/discover", new JsonObject().put("_meta", meta("2099-01-01"))), 400, -32020);
  }

  @Test
  void refusesRequestsWithoutTheRequiredMeta() {
    String alice = api.register("alice", 2);
    JsonObject noCapabilities = new JsonObject().put("_meta", new JsonObject()
        .put("io.modelcontextprotocol/protocolVersion", VERSION));
    error(post(alice, "tools/list", noCapabilities), 400, -32602);
  }

  @Test
  void checksTheHeadersThatMirrorTheBody() {
    String alice = api.register("alice", 2);
    Map<String, String> noVersion = headers("tools/list", null);
    noVersion.remove("MCP-Protocol-Version");
    assertThat(error(post(alice, "tools/list", new JsonObject(), noVersion), 400, -32020).getString("message"))
        .contains("MCP-Protocol-Version");
    assertThat(error(post(alice, "tools/list", new JsonObject(), headers("server/discover", null)), 400, -32020)
        .getString("message")).contains("Mcp-Method");
    JsonObject call = new JsonObject().put("name", "relay_agents").put("arguments", new JsonObject());
    error(post(alice, "tools/call", call, headers("tools/call", null)), 400, -32020);
    error(post(alice, "tools/call", call, headers("tools/call", "relay_inbox")), 400, -32020);
    String encoded = "=?base64?" + Base64.getEncoder().encodeToString("relay_agents".getBytes(StandardCharsets.UTF_8))
        + "?=";
    assertThat(result(post(alice, "tools/call", call, headers("tools/call", encoded))).getBoolean("isError"))
        .isFalse();
  }

  @Test
  void removedMethodsAreNotFound() {
    String alice = api.register("alice", 2);
    for (String method : new String[] {"initialize", "ping", "logging/setLevel", "resources/subscribe"}) {
      JsonObject params = method.equals("resources/subscribe") ? new JsonObject().put("uri", "relay://inbox")
          : new JsonObject();
      error(post(alice, method, params), 404, -32601);
    }
    Map<String, String> modern = Map.of("MCP-Protocol-Version", VERSION, "Accept", "text/event-stream");
    assertThat(api.send(HttpMethod.GET, "/mcp", alice, null, modern).status()).isEqualTo(405);
  }

  @Test
  void legacyClientsStillInitializeAndAnUnknownVersionHeaderIsRefusedTheModernWay() {
    String alice = api.register("alice", 2);
    String session = McpClients.openSession(api, "/mcp", alice);
    Map<String, String> inSession = McpClients.inSession(session);
    inSession.put("MCP-Protocol-Version", "2025-11-25");
    Api.Reply list = api.send(HttpMethod.POST, "/mcp", alice, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":"
        + "\"tools/list\"}", inSession);
    assertThat(list.status()).as(list.toString()).isEqualTo(200);
    inSession.put("MCP-Protocol-Version", "2031-01-01");
    error(api.send(HttpMethod.POST, "/mcp", alice, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\"}",
        inSession), 400, -32022);
  }

  /** An open {@code subscriptions/listen} stream: its messages, in order, as they arrive. */
  record Listening(int status, BlockingQueue<JsonObject> messages, HttpClientAgent client) {

    JsonObject next() throws InterruptedException {
      JsonObject message = messages.poll(10, TimeUnit.SECONDS);
      assertThat(message).as("a message within 10 s").isNotNull();
      return message;
    }
  }

  Listening listen(Vertx vertx, String key, JsonObject notifications) {
    BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
    HttpClientAgent client = vertx.createHttpClient(new HttpClientOptions());
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
        .setPort(relay.port()).setURI("/mcp").putHeader("Authorization", "Bearer " + key);
    headers("subscriptions/listen", null).forEach(options::putHeader);
    String body = request("subscriptions/listen", new JsonObject().put("notifications", notifications));
    StringBuilder pending = new StringBuilder();
    int status = TestRelay.await(client.request(options).compose(request -> request.send(body)).map(response -> {
      response.handler(chunk -> {
        pending.append(chunk.toString(StandardCharsets.UTF_8));
        int end;
        while ((end = pending.indexOf("\n\n")) >= 0) {
          pending.substring(0, end).lines().filter(line -> line.startsWith("data:"))
              .forEach(line -> messages.add(new JsonObject(line.substring(5).trim())));
          pending.delete(0, end + 2);
        }
      });
      return response.statusCode();
    }));
    return new Listening(status, messages, client);
  }

  static JsonObject inbox() {
    return new JsonObject().put("resourceSubscriptions", new JsonArray().add("relay://inbox"));
  }

  static int subscriptionId(JsonObject message) {
    JsonObject params = message.containsKey("params") ? message.getJsonObject("params")
        : message.getJsonObject("result");
    return params.getJsonObject("_meta").getInteger("io.modelcontextprotocol/subscriptionId");
  }

  @Test
  void aListenStreamHearsOfTheAgentsNewDeliveries(Vertx vertx) throws InterruptedException {
    String alice = api.register("alice", 2);
    String bob = api.register("bob", 2);
    Listening listening = listen(vertx, bob, inbox().put("toolsListChanged", true));
    try {
      assertThat(listening.status()).isEqualTo(200);
      JsonObject ack = listening.next();
      assertThat(ack.getString("method")).isEqualTo("notifications/subscriptions/acknowledged");
      assertThat(subscriptionId(ack)).isEqualTo(7);
      assertThat(ack.getJsonObject("params").getJsonObject("notifications").encode())
          .as("the tools never change: only the inbox is honoured")
          .isEqualTo("{\"resourceSubscriptions\":[\"relay://inbox\"]}");

      api.post("/api/v1/messages", alice, new JsonObject().put("to_agent", "bob").put("content", "wake up"));
      JsonObject update = listening.next();
      assertThat(update.getString("method")).isEqualTo("notifications/resources/updated");
      assertThat(update.getJsonObject("params").getString("uri")).isEqualTo("relay://inbox");
      assertThat(subscriptionId(update)).isEqualTo(7);
    } finally {
      TestRelay.await(listening.client().close());
    }
  }

  /** Every agent's inbox is relay://inbox: a stream must hear of its own agent's deliveries only. */
  @Test
  void eachListenStreamHearsOnlyOfItsOwnAgentsInbox(Vertx vertx) throws InterruptedException {
    String alice = api.register("alice", 2);
    String bob = api.register("bob", 2);
    Listening aliceListens = listen(vertx, alice, inbox());
    Listening bobListens = listen(vertx, bob, inbox());
    try {
      assertThat(aliceListens.next().getString("method")).isEqualTo("notifications/subscriptions/acknowledged");
      assertThat(bobListens.next().getString("method")).isEqualTo("notifications/subscriptions/acknowledged");

      api.post("/api/v1/messages", alice, new JsonObject().put("to_agent", "bob").put("content", "for bob"));
      assertThat(bobListens.next().getString("method")).isEqualTo("notifications/resources/updated");
      api.post("/api/v1/messages", bob, new JsonObject().put("to_agent", "alice").put("content", "for alice"));
      assertThat(aliceListens.next().getString("method")).isEqualTo("notifications/resources/updated");
      // bob's update was sent when his message committed, before alice's: had it reached alice, it would be here
      assertThat(aliceListens.messages()).as("alice heard of her own delivery only").isEmpty();
    } finally {
      TestRelay.await(aliceListens.client().close());
      TestRelay.await(bobListens.client().close());
    }
  }

  @Test
  void aRotatedKeyEndsTheListenStreamWithItsFinalResult(Vertx vertx) throws InterruptedException {
    String alice = api.register("alice", 2);
    Listening listening = listen(vertx, alice, inbox());
    try {
      assertThat(listening.next().getString("method")).isEqualTo("notifications/subscriptions/acknowledged");
      assertThat(api.post("/api/v1/agents/alice/keys", alice, null).status()).isEqualTo(200);
      JsonObject last = listening.next();
      assertThat(last.getInteger("id")).as(last.encode()).isEqualTo(7);
      assertThat(last.getJsonObject("result").getString("resultType")).isEqualTo("complete");
      assertThat(subscriptionId(last)).isEqualTo(7);
    } finally {
      TestRelay.await(listening.client().close());
    }
  }

  @Test
  void anUnknownToolAndAToolTheAgentMayNotUseAreErrorResultsAModelCanActOn() {
    String alice = api.register("alice", 2);
    JsonObject unknown = new JsonObject().put("name", "relay_teleport").put("arguments", new JsonObject());
    JsonObject none = result(post(alice, "tools/call", unknown, headers("tools/call", "relay_teleport")));
    assertThat(none.getBoolean("isError")).isTrue();
    assertThat(none.getJsonArray("content").getJsonObject(0).getString("text"))
        .isEqualTo("there is no tool 'relay_teleport'; call tools/list to see the relay's tools.");

    String scout = api.register("scout", 2, new JsonObject().put("permissions", new JsonObject()
        .put("can_access_tools", new JsonArray().add("relay_inbox"))));
    JsonObject forbidden = new JsonObject().put("name", "relay_agents").put("arguments", new JsonObject());
    JsonObject refused = result(post(scout, "tools/call", forbidden, headers("tools/call", "relay_agents")));
    assertThat(refused.getBoolean("isError")).isTrue();
    assertThat(refused.getJsonArray("content").getJsonObject(0).getString("text")).contains("relay_agents");
  }
}
