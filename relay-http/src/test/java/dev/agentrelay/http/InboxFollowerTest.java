package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentrelay.mcp.InboxFollower;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The MCP bridge's inbox follower against a real relay that restarts under it. */
@ExtendWith(VertxExtension.class)
class InboxFollowerTest {

  final BlockingQueue<JsonNode> arrived = new LinkedBlockingQueue<>();
  final CompletableFuture<Long> pending = new CompletableFuture<>();
  final List<JsonNode> firstPending = new ArrayList<>();
  InboxFollower follower;

  @AfterEach
  void stop() {
    if (follower != null) {
      follower.stop();
    }
  }

  @Test
  void resumesAcrossARelayRestartWithoutGapsOrRepeatsAndAcknowledgesNothing(Vertx vertx, @TempDir Path dir)
      throws Exception {
    TestRelay relay = TestRelay.start(vertx, dir);
    String key = relay.api().register("worker", 2);
    List<Long> waiting = List.of(send(relay, "before 1"), send(relay, "before 2"));
    AtomicReference<String> url = new AtomicReference<>("http://127.0.0.1:" + relay.port());
    HttpClient client = HttpClient.newHttpClient();
    follower = new InboxFollower(() -> client, url::get, key, new InboxFollower.Listener() {
      @Override
      public void pending(long count, List<JsonNode> first) {
        firstPending.addAll(first);
        pending.complete(count);
      }

      @Override
      public void arrived(JsonNode item) {
        arrived.add(item);
      }
    });
    follower.start();
    assertThat(pending.get(30, TimeUnit.SECONDS)).isEqualTo(2);
    assertThat(firstPending).extracting(item -> item.path("seq").asLong()).isEqualTo(waiting);

    List<Long> sent = new ArrayList<>(List.of(send(relay, "live 1"), send(relay, "live 2")));
    assertThat(next(2)).isEqualTo(sent);

    relay.restart();
    url.set("http://127.0.0.1:" + relay.port());
    // sent while the follower is still reconnecting: they come from the relay's replay after Last-Event-ID
    List<Long> afterRestart = List.of(send(relay, "restarted 1"), send(relay, "restarted 2"), send(relay, "r 3"));
    assertThat(next(3)).isEqualTo(afterRestart);
    List<Long> live = List.of(send(relay, "live again"));
    assertThat(next(1)).isEqualTo(live);

    assertThat(arrived.poll(300, TimeUnit.MILLISECONDS)).as("no repeat").isNull();
    JsonObject inbox = relay.api().inbox(key);
    assertThat(inbox.getLong("pending")).as("the follower acknowledged nothing").isEqualTo(8);
    relay.stop();
  }

  private List<Long> next(int count) throws InterruptedException {
    List<Long> seqs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      JsonNode item = arrived.poll(30, TimeUnit.SECONDS);
      assertThat(item).as("item " + (i + 1) + " of " + count).isNotNull();
      assertThat(item.path("event").asText()).isEqualTo("message.new");
      seqs.add(item.path("seq").asLong());
    }
    return seqs;
  }

  /** A direct message from the admin to the worker; answers its delivery's seq. */
  private static long send(TestRelay relay, String text) {
    Api.Reply reply = relay.api().post("/api/v1/messages", TestRelay.ADMIN_KEY,
        new JsonObject().put("to_agent", "worker").put("content", text));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    String messageId = reply.json().getString("message_id");
    return relay.api().get("/api/v1/inbox?limit=200&agent_id=worker", TestRelay.ADMIN_KEY).array("items").stream()
        .map(JsonObject.class::cast)
        .filter(item -> messageId.equals(item.getJsonObject("message").getString("message_id")))
        .findFirst().orElseThrow().getLong("seq");
  }
}
