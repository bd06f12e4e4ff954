package dev.agentrelay.http;

import static dev.agentrelay.http.McpClients.events;
import static dev.agentrelay.http.McpClients.inSession;
import static dev.agentrelay.http.McpClients.openSession;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code /mcp} message costs its agent one rate-limit token, tool calls included: the REST calls a tool makes
 * over loopback ride on the token the {@code /mcp} request paid. Nothing sent from outside gets that exemption.
 */
@ExtendWith(VertxExtension.class)
class McpRateLimitTest {

  private static final String CALL_AGENTS = "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\","
      + "\"params\":{\"name\":\"relay_agents\",\"arguments\":{}}}";

  @TempDir
  Path dir;
  TestRelay relay;
  Api api;

  @AfterEach
  void stop() {
    relay.stop();
  }

  @Test
  void aToolCallCostsOneTokenNotTwo(Vertx vertx) {
    // a burst of 4 tokens, refilled at 2 a second: initialize and 3 tool calls use it up; at 2 tokens a call, the
    // same would need 1.5 s of refill
    relay = TestRelay.start(vertx, dir, Map.of("RELAY_RATE_LIMIT", "2"));
    api = relay.api();
    String alice = api.register("alice", 2);
    String session = openSession(api, "/mcp", alice);

    for (int call = 1; call <= 3; call++) {
      Api.Reply reply = api.send(HttpMethod.POST, "/mcp", alice, String.format(CALL_AGENTS, call),
          inSession(session));
      assertThat(reply.status()).as("call %d: %s", call, reply).isEqualTo(200);
      JsonObject result = events(reply.body()).get(0).getJsonObject("result");
      assertThat(result.getBoolean("isError")).as("call %d: %s", call, result).isFalse();
      assertThat(result.encode()).contains("alice");
    }
  }

  @Test
  void aPassHeaderSentFromOutsideSparesNoToken(Vertx vertx) {
    relay = TestRelay.start(vertx, dir, Map.of("RELAY_RATE_LIMIT", "0.5")); // a burst of 1, then one every 2 s
    api = relay.api();
    String alice = api.register("alice", 2);
    Map<String, String> forged = Map.of("X-Relay-Mcp-Pass", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

    assertThat(api.send(HttpMethod.GET, "/api/v1/agents", alice, null, forged).status()).isEqualTo(200);
    assertThat(api.send(HttpMethod.GET, "/api/v1/agents", alice, null, forged).status()).isEqualTo(429);
  }
}
