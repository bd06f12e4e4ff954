package dev.agentrelay.http;

import static dev.agentrelay.http.McpClients.INITIALIZE;
import static dev.agentrelay.http.McpClients.MCP_HEADERS;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code RELAY_SSE_MAX_STREAMS_PER_AGENT} counts every held-open stream of an agent: inbox streams, {@code /mcp}
 * session streams, {@code subscriptions/listen} streams and the A2A task streams of both bindings.
 */
@ExtendWith(VertxExtension.class)
class PerAgentStreamLimitTest {

  private static final int LIMIT = 2;
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  Path dir;
  TestRelay relay;
  Api api;
  Vertx vertx;
  final List<SseClient> open = new ArrayList<>();

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    relay = TestRelay.start(vertx, dir, Map.of("RELAY_SSE_MAX_STREAMS_PER_AGENT", String.valueOf(LIMIT)));
    api = relay.api();
  }

  @AfterEach
  void stop() {
    open.forEach(SseClient::close);
    relay.stop();
  }

  private SseClient kept(SseClient stream) {
    open.add(stream);
    return stream;
  }

  private String session(String key) {
    Api.Reply opened = api.send(HttpMethod.POST, "/mcp", key, INITIALIZE, MCP_HEADERS);
    assertThat(opened.status()).as(opened.toString()).isEqualTo(200);
    return opened.header("Mcp-Session-Id");
  }

  private SseClient sessionStream(String key, String session) {
    return kept(SseClient.open(vertx, relay.port(), "/mcp", key, Map.of("Mcp-Session-Id", session)));
  }

  private SseClient listen(String key) {
    return kept(SseClient.post(vertx, relay.port(), "/mcp", key,
        McpModernTest.headers("subscriptions/listen", null), McpModernTest.request("subscriptions/listen",
            new JsonObject().put("notifications", new JsonObject()
                .put("resourceSubscriptions", new JsonArray().add("relay://inbox"))))));
  }

  private SseClient inboxStream(String key) {
    return kept(SseClient.open(vertx, relay.port(), "/api/v1/inbox/stream", key));
  }

  private static void assertTooManyStreamsProblem(SseClient refused) {
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
    assertThat(refused.header("Retry-After")).isNotNull();
    JsonObject problem = refused.awaitJsonBody();
    assertThat(problem.getString("code")).isEqualTo("too_many_streams");
    assertThat(problem.getInteger("status")).isEqualTo(429);
  }

  /**
   * A slot freed by a client that went away is freed when the server notices the closed connection, which the
   * client cannot observe: it tries again until a stream opens.
   */
  private static SseClient openOnceFree(Supplier<SseClient> opener) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      SseClient attempt = opener.get();
      if (attempt.status() != 429 || System.nanoTime() > deadline) {
        return attempt;
      }
      attempt.awaitBody();
    }
  }

  @Test
  void mcpSessionStreamsCountAgainstTheLimitUntilTheyEnd() {
    String alice = api.register("alice", 2);
    String one = session(alice);
    String two = session(alice);
    String three = session(alice);
    SseClient first = sessionStream(alice, one);
    assertThat(first.status()).isEqualTo(200);
    assertThat(sessionStream(alice, two).status()).isEqualTo(200);

    assertTooManyStreamsProblem(sessionStream(alice, three));
    assertTooManyStreamsProblem(inboxStream(alice));
    String bob = api.register("bob", 2);
    assertThat(sessionStream(bob, session(bob)).status()).as("another agent has slots of its own").isEqualTo(200);

    // a deleted session ends its stream, and frees the slot before the client sees the end
    assertThat(api.send(HttpMethod.DELETE, "/mcp", alice, null, Map.of("Mcp-Session-Id", one)).status())
        .isEqualTo(200);
    first.awaitBody();
    SseClient third = sessionStream(alice, three);
    assertThat(third.status()).isEqualTo(200);

    // a client that goes away frees its slot too
    third.close();
    assertThat(openOnceFree(() -> inboxStream(alice)).status()).isEqualTo(200);
  }

  @Test
  void listenStreamsCountAgainstTheLimitAndAreRefusedAsJsonRpc() {
    String alice = api.register("alice", 2);
    SseClient first = listen(alice);
    assertThat(first.status()).isEqualTo(200);
    assertThat(inboxStream(alice).status()).isEqualTo(200);

    SseClient refused = listen(alice);
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.header("Content-Type")).startsWith("application/json");
    assertThat(refused.header("Retry-After")).isNotNull();
    JsonObject answer = refused.awaitJsonBody();
    assertThat(answer.getInteger("id")).isEqualTo(7);
    assertThat(answer.getJsonObject("error").getInteger("code")).isEqualTo(-32000);
    assertThat(answer.getJsonObject("error").getString("message")).contains("RELAY_SSE_MAX_STREAMS_PER_AGENT");
    assertThat(answer.getJsonObject("error").getJsonObject("data").getString("code")).isEqualTo("too_many_streams");
    String bob = api.register("bob", 2);
    assertThat(listen(bob).status()).as("another agent has slots of its own").isEqualTo(200);

    first.close();
    assertThat(openOnceFree(() -> listen(alice)).status()).isEqualTo(200);
  }

  @Test
  void aRotatedKeyEndsTheMcpStreamsAndFreesTheirSlots() {
    String alice = api.register("alice", 2);
    SseClient sessionStream = sessionStream(alice, session(alice));
    SseClient listening = listen(alice);
    assertThat(sessionStream.status()).isEqualTo(200);
    assertThat(listening.status()).isEqualTo(200);

    Api.Reply rotated = api.post("/api/v1/agents/alice/keys", alice, null);
    assertThat(rotated.status()).isEqualTo(200);
    String newKey = rotated.json().getString("api_key");
    sessionStream.awaitBody();
    listening.awaitBody();

    assertThat(inboxStream(newKey).status()).isEqualTo(200);
    assertThat(listen(newKey).status()).isEqualTo(200);
  }

  @Test
  void a2aTaskStreamsOfBothBindingsCountAgainstTheLimit() {
    String worker = api.register("worker", 2);
    String caller = api.register("caller", 2, new JsonObject().put("permissions",
        new JsonObject().put("can_send_to", new JsonArray().add("worker"))));
    A2aCalls a2a = new A2aCalls(relay.port());
    String taskId = a2a.result(caller, "worker", "SendMessage",
        A2aCalls.sendParams(A2aCalls.message("m-1", "watch me"), true)).getJsonObject("task").getString("id");

    A2aCalls.Stream jsonRpc = a2a.open(caller, "/a2a/worker", subscribe(taskId));
    assertThat(jsonRpc.next().getJsonObject("result").getJsonObject("task").getString("id")).isEqualTo(taskId);
    A2aCalls.Stream rest = a2a.open(caller, "/a2a/worker/v1/message:stream",
        new JsonObject().put("message", A2aCalls.message("m-2", "stream it")).encode());
    assertThat(rest.next().getJsonObject("task")).isNotNull();
    int inboxBefore = api.inbox(worker).getJsonArray("items").size();

    SseClient refusedRpc = a2aPost(caller, "/a2a/worker", subscribe(taskId));
    assertThat(refusedRpc.status()).isEqualTo(200);
    assertThat(refusedRpc.header("Content-Type")).as("an error, not a stream").startsWith("application/json");
    JsonObject error = refusedRpc.awaitJsonBody().getJsonObject("error");
    assertThat(error.getInteger("code")).isEqualTo(-32000);
    assertThat(error.getString("message")).contains("RELAY_SSE_MAX_STREAMS_PER_AGENT");
    assertThat(error.encode()).contains("TOO_MANY_STREAMS");

    SseClient refusedRest = a2aPost(caller, "/a2a/worker/v1/message:stream",
        new JsonObject().put("message", A2aCalls.message("m-3", "not sent")).encode());
    assertThat(refusedRest.status()).isEqualTo(429);
    assertThat(refusedRest.awaitBody()).contains("TOO_MANY_STREAMS");
    assertThat(api.inbox(worker).getJsonArray("items").size()).as("a refused streaming send sends nothing")
        .isEqualTo(inboxBefore);
    assertTooManyStreamsProblem(inboxStream(caller));

    // a task that ends ends its stream, and the slot is free before the client sees the end
    api.put("/api/v1/tasks/" + taskId, worker, new JsonObject().put("status", "rejected"));
    jsonRpc.awaitEnd();
    assertThat(inboxStream(caller).status()).isEqualTo(200);
  }

  private SseClient a2aPost(String key, String path, String body) {
    return kept(SseClient.post(vertx, relay.port(), path, key,
        Map.of("A2A-Version", "1.0", "Content-Type", "application/json"), body));
  }

  private static String subscribe(String taskId) {
    return new JsonObject().put("jsonrpc", "2.0").put("id", "s").put("method", "SubscribeToTask")
        .put("params", new JsonObject().put("id", taskId)).encode();
  }
}
