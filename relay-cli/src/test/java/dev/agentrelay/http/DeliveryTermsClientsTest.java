package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrelay.core.model.Times;
import io.modelcontextprotocol.client.McpSyncClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The delivery terms from the other clients: {@code relay send}'s options and the MCP tools' arguments on /mcp. */
@ExtendWith(VertxExtension.class)
class DeliveryTermsClientsTest {

  private static final String ADMIN = TestRelay.ADMIN_KEY;
  private static final long HOUR_MILLIS = 3_600_000;

  @TempDir
  Path dir;
  TestRelay relay;
  Api api;

  @BeforeEach
  void start(Vertx vertx) {
    relay = TestRelay.start(vertx, dir);
    api = relay.api();
    api.register("worker", 2);
  }

  @AfterEach
  void stop() {
    relay.stop();
  }

  @Test
  void relaySendSchedulesExpiresAndAsksForNotices() {
    long deliverAt = System.currentTimeMillis() + HOUR_MILLIS;
    JsonObject sent = Cli.of(relay).as(ADMIN, "send", "--to", "worker", "--content", "later",
        "--deliver-at", Times.format(deliverAt), "--ttl", "7200", "--notify", "delivered,expired", "--json").json();
    JsonObject delivery = sent.getJsonArray("deliveries").getJsonObject(0);
    assertThat(delivery.getValue("seq")).isNull();

    JsonObject receipt = api.get("/api/v1/deliveries/" + delivery.getString("delivery_id"), ADMIN).json();
    assertThat(receipt.getString("state")).isEqualTo("scheduled");
    assertThat(Times.millis(receipt.getString("deliver_at"))).isEqualTo(deliverAt);
    assertThat(Times.millis(receipt.getString("expires_at"))).isEqualTo(deliverAt + 7_200_000);

    Cli.Run refused = Cli.of(relay).as(ADMIN, "send", "--to", "worker", "--content", "x", "--ttl", "0", "--json");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(new JsonObject(refused.err().strip()).getInteger("status")).isEqualTo(422);
  }

  @Test
  void relaySendSaysInTextThatASendIsScheduledAndWhen() {
    String deliverAt = Times.format(System.currentTimeMillis() + HOUR_MILLIS);
    Cli.Run message = Cli.of(relay).as(ADMIN, "send", "--to", "worker", "--content", "later", "--deliver-at", deliverAt);
    Cli.Run task = Cli.of(relay).as(ADMIN, "send", "--to", "worker", "--title", "Later", "--deliver-at", deliverAt);
    Cli.Run now = Cli.of(relay).as(ADMIN, "send", "--to", "worker", "--content", "now");

    assertThat(message.exit()).isZero();
    assertThat(message.out()).contains("-> worker (scheduled: enters the inbox at " + deliverAt + ")");
    assertThat(task.out()).contains(": Later (scheduled: enters the inbox at " + deliverAt + ")");
    assertThat(now.out()).doesNotContain("scheduled");
  }

  @Test
  void theMcpSendToolsTakeTheSameTerms() {
    long deliverAt = System.currentTimeMillis() + HOUR_MILLIS;
    McpSyncClient client = McpClients.http(relay.port(), ADMIN);
    try {
      assertThat(client.listTools().tools().stream().filter(t -> t.name().equals("relay_send_message")).findFirst()
          .orElseThrow().inputSchema().get("properties")).asInstanceOf(InstanceOfAssertFactories.MAP)
          .containsKeys("deliver_at", "expires_at", "ttl_seconds", "notify");
      Map<String, Object> sent = McpClients.ok(client, "relay_send_message", Map.of("to_agent", "worker",
          "content", "later", "deliver_at", Times.format(deliverAt), "notify", List.of("acked")));
      @SuppressWarnings("unchecked")
      Map<String, Object> delivery = ((List<Map<String, Object>>) sent.get("deliveries")).get(0);
      JsonObject receipt = api.get("/api/v1/deliveries/" + delivery.get("delivery_id"), ADMIN).json();
      assertThat(receipt.getString("state")).isEqualTo("scheduled");

      String refused = McpClients.error(client, "relay_send_message", Map.of("to_agent", "worker", "content", "x",
          "ttl_seconds", 60, "expires_at", Times.format(deliverAt)));
      assertThat(refused).contains("not both");
    } finally {
      client.closeGracefully();
    }
    assertThat(api.inbox(api.register("other", 2)).getLong("pending")).isZero();
  }
}
