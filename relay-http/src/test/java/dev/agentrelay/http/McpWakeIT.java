package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.json.Json;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Waking an agent through the bridge: {@code java -jar relay-mcp.jar} as a real process, spoken to with plain
 * JSON-RPC lines on stdin and stdout, as Claude Code or any MCP client would, against a real relay.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class McpWakeIT {

  TestRelay relay;
  Api api;
  final Map<String, String> keys = new HashMap<>();
  final List<Bridge> bridges = new ArrayList<>();

  @BeforeAll
  void start(Vertx vertx, @TempDir Path dir) {
    relay = TestRelay.start(vertx, dir);
    api = relay.api();
    for (String agent : List.of("alice", "bob", "carol", "dave")) {
      keys.put(agent, api.register(agent, 2));
    }
  }

  @AfterEach
  void closeBridges() {
    bridges.forEach(Bridge::close);
    bridges.clear();
  }

  @AfterAll
  void stop() {
    relay.stop();
  }

  @Test
  void aMessageSentOverRestReachesTheClientAsAChannelNotificationWithItsIds() throws Exception {
    Bridge bob = bridge("bob", Map.of());
    JsonNode init = bob.initialize();
    assertThat(init.path("capabilities").path("experimental").path("claude/channel").isObject()).isTrue();
    assertThat(init.path("capabilities").path("resources").path("subscribe").asBoolean()).isTrue();
    assertThat(init.path("instructions").asText()).contains("relay_ack").contains("untrusted")
        .contains("delivery_id");

    JsonObject sent = message("alice", "bob", "please review PR 7");
    JsonNode notification = bob.await(m -> m.path("method").asText().equals("notifications/claude/channel"));
    JsonNode meta = notification.path("params").path("meta");
    JsonObject item = inboxItem("bob", sent.getString("message_id"));
    assertThat(meta.path("delivery_id").asText()).isEqualTo(item.getString("delivery_id"));
    assertThat(meta.path("seq").asText()).isEqualTo(Long.toString(item.getLong("seq")));
    assertThat(meta.path("event").asText()).isEqualTo("message.new");
    assertThat(meta.path("from_agent").asText()).isEqualTo("alice");
    assertThat(meta.has("task_id")).as("a direct message has no task").isFalse();
    meta.fields().forEachRemaining(field -> assertThat(field.getValue().isTextual()).isTrue());
    assertThat(notification.path("params").path("content").asText())
        .startsWith("#" + item.getLong("seq") + " message.new from alice").endsWith("please review PR 7");
    assertThat(api.inbox(keys.get("bob")).getLong("pending")).as("nothing acknowledged").isEqualTo(1);
  }

  @Test
  void itemsWaitingAtTheStartAreOneSummaryAndASubscriberIsToldOfNewOnes() throws Exception {
    message("alice", "carol", "one");
    message("alice", "carol", "two");
    message("bob", "carol", "three");
    Bridge carol = bridge("carol", Map.of());
    carol.initialize();
    JsonNode summary = carol.await(m -> m.path("method").asText().equals("notifications/claude/channel"));
    assertThat(summary.path("params").path("meta").path("count").asText()).isEqualTo("3");
    assertThat(summary.path("params").path("content").asText()).startsWith("3 items waiting:")
        .contains("call relay_inbox");

    JsonNode listed = carol.request("resources/list", Json.object());
    assertThat(listed.path("result").path("resources").findValuesAsText("uri")).containsExactly("relay://inbox");
    assertThat(carol.request("resources/subscribe", Json.object().put("uri", "relay://inbox")).has("error"))
        .isFalse();
    message("alice", "carol", "four");
    JsonNode updated = carol.await(m -> m.path("method").asText().equals("notifications/resources/updated"));
    assertThat(updated.path("params").path("uri").asText()).isEqualTo("relay://inbox");

    JsonNode read = carol.request("resources/read", Json.object().put("uri", "relay://inbox"));
    assertThat(read.path("result").path("contents").get(0).path("text").asText()).startsWith("4 items")
        .contains("relay_ack");
    assertThat(carol.notifications("notifications/claude/channel")).as("after the summary, the new one alone")
        .singleElement().satisfies(m -> assertThat(m.path("params").path("content").asText()).endsWith("four"));
  }

  @Test
  void withTheChannelOffNothingIsDeclaredOrPushedButResourceUpdatesGoOn() throws Exception {
    Bridge dave = bridge("dave", Map.of("RELAY_CHANNEL", "false"));
    JsonNode init = dave.initialize();
    assertThat(init.path("capabilities").has("experimental")).isFalse();
    assertThat(init.path("instructions").asText()).doesNotContain("channel");
    dave.request("resources/subscribe", Json.object().put("uri", "relay://inbox"));
    message("alice", "dave", "hello");
    dave.await(m -> m.path("method").asText().equals("notifications/resources/updated"));
    assertThat(dave.notifications("notifications/claude/channel")).isEmpty();
  }

  private Bridge bridge(String agent, Map<String, String> env) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", System.getProperty("bridge.jar")).redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().putAll(Map.of("RELAY_URL", "http://127.0.0.1:" + relay.port(), "RELAY_API_KEY",
        keys.get(agent), "AGENT_ID", agent));
    builder.environment().putAll(env);
    Bridge bridge = new Bridge(builder.start());
    bridges.add(bridge);
    return bridge;
  }

  private JsonObject message(String from, String to, String text) {
    Api.Reply reply = api.post("/api/v1/messages", keys.get(from), new JsonObject().put("to_agent", to)
        .put("content", text));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    return reply.json();
  }

  private JsonObject inboxItem(String agent, String messageId) {
    return api.inbox(keys.get(agent)).getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(item -> messageId.equals(item.getJsonObject("message").getString("message_id")))
        .findFirst().orElseThrow();
  }

  /** One bridge process and a plain JSON-RPC client on its stdio. */
  static final class Bridge {

    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<JsonNode> incoming = new LinkedBlockingQueue<>();
    private final List<JsonNode> seen = new ArrayList<>();
    private int nextId = 1;

    Bridge(Process process) {
      this.process = process;
      this.stdin = process.getOutputStream();
      Thread reader = new Thread(this::read, "bridge-stdout");
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      try (BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = stdout.readLine()) != null) {
          incoming.add(Json.MAPPER.readTree(line));
        }
      } catch (IOException e) {
        // the process ended
      }
    }

    /** initialize, then notifications/initialized; answers the initialize result. */
    JsonNode initialize() throws Exception {
      JsonNode answer = request("initialize", Json.object().put("protocolVersion", "2025-06-18")
          .<ObjectNode>set("capabilities", Json.object())
          .set("clientInfo", Json.object().put("name", "raw").put("version", "1")));
      write(Json.object().put("jsonrpc", "2.0").put("method", "notifications/initialized"));
      return answer.path("result");
    }

    JsonNode request(String method, ObjectNode params) throws Exception {
      int id = nextId++;
      write(Json.object().put("jsonrpc", "2.0").put("id", id).put("method", method).set("params", params));
      return await(m -> m.path("id").asInt(-1) == id && !m.has("method"));
    }

    /** The first message, seen before or arriving within 30 s, that matches. */
    JsonNode await(Predicate<JsonNode> wanted) throws InterruptedException {
      for (JsonNode message : seen) {
        if (wanted.test(message)) {
          seen.remove(message);
          return message;
        }
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline) {
        JsonNode message = incoming.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (message == null) {
          break;
        }
        if (wanted.test(message)) {
          return message;
        }
        seen.add(message);
      }
      throw new AssertionError("no such message within 30 s; seen " + seen);
    }

    /** Every notification of {@code method} received so far, matched or not. */
    List<JsonNode> notifications(String method) {
      List<JsonNode> all = new ArrayList<>(seen);
      incoming.drainTo(all);
      seen.clear();
      seen.addAll(all);
      return all.stream().filter(m -> m.path("method").asText().equals(method)).toList();
    }

    private void write(JsonNode message) throws IOException {
      stdin.write((Json.write(message) + "\n").getBytes(StandardCharsets.UTF_8));
      stdin.flush();
    }

    void close() {
      try {
        stdin.close();
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (IOException | InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        process.destroyForcibly();
      }
    }
  }
}
