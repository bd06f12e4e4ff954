package dev.agentrelay.http;

import static dev.agentrelay.http.McpClients.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpSyncClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The {@code relay_agents} tool on {@code /mcp} shows a webhook URL as the REST API does: to its agent and tier 1. */
@ExtendWith(VertxExtension.class)
class McpAgentVisibilityTest {

  private static final String URL = "http://10.1.2.3/hook?token=url-borne-secret";

  @TempDir
  Path dir;
  TestRelay relay;
  final List<McpSyncClient> clients = new ArrayList<>();

  @AfterEach
  void stop() {
    clients.forEach(McpSyncClient::closeGracefully);
    relay.stop();
  }

  @Test
  void relayAgentsShowsAWebhookUrlOnlyToItsAgentAndTier1(Vertx vertx) {
    relay = TestRelay.start(vertx, dir);
    Api api = relay.api();
    String hooked = api.post("/api/v1/agents", TestRelay.ADMIN_KEY, new JsonObject().put("agent_id", "hooked")
        .put("trust_tier", 2).put("contact", new JsonObject().put("method", "webhook").put("webhook_url", URL)))
        .json().getString("api_key");
    String peer = api.register("peer", 2);
    String sandboxed = api.register("sandboxed", 3);

    for (String key : List.of(peer, sandboxed)) {
      Map<String, Object> agents = ok(client(key), "relay_agents", Map.of());
      assertThat(agents.toString()).contains("hooked").doesNotContain("url-borne-secret");
    }
    for (String key : List.of(hooked, TestRelay.ADMIN_KEY)) {
      assertThat(ok(client(key), "relay_agents", Map.of()).toString()).contains(URL);
    }
  }

  private McpSyncClient client(String key) {
    McpSyncClient client = McpClients.http(relay.port(), key);
    clients.add(client);
    return client;
  }
}
