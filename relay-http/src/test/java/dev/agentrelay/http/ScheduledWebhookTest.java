package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrelay.core.model.Times;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A scheduled delivery to a webhook agent is posted when due, and its sender hears of the hand-over and the ack. */
@ExtendWith(VertxExtension.class)
class ScheduledWebhookTest {

  private static final String ADMIN = TestRelay.ADMIN_KEY;

  @TempDir
  Path dir;
  TestRelay relay;
  WebhookReceiver receiver;

  @AfterEach
  void stop() {
    relay.stop();
    receiver.close();
  }

  @Test
  void aScheduledItemIsPostedWhenDueAndItsSenderGetsTheNotices(Vertx vertx) {
    relay = TestRelay.start(vertx, dir);
    receiver = WebhookReceiver.start(vertx);
    Api api = relay.api();
    Api.Reply registered = api.post("/api/v1/agents", ADMIN, new JsonObject().put("agent_id", "hooked")
        .put("trust_tier", 2).put("contact", new JsonObject().put("method", "webhook")
            .put("webhook_url", receiver.url())));
    assertThat(registered.status()).as(registered.toString()).isEqualTo(201);

    Api.Reply sent = api.post("/api/v1/messages", ADMIN, new JsonObject().put("to_agent", "hooked")
        .put("content", "later").put("deliver_at", Times.format(System.currentTimeMillis() + 1500))
        .put("notify", new JsonArray().add("delivered").add("acked")));
    JsonObject delivery = sent.array("deliveries").getJsonObject(0);
    assertThat(delivery.getValue("seq")).isNull();

    WebhookReceiver.Received posted = receiver.next(Duration.ofSeconds(30));
    assertThat(posted.data().getString("delivery_id")).isEqualTo(delivery.getString("delivery_id"));
    assertThat(posted.header("webhook-id")).isEqualTo(delivery.getString("delivery_id"));

    JsonArray notices = new JsonArray();
    long after = 0;
    while (notices.size() < 2) {
      Api.Reply page = api.get("/api/v1/inbox?wait=25&after=" + after, ADMIN);
      assertThat(page.array("items")).as("a notice within the long-poll's wait").isNotEmpty();
      notices.addAll(page.array("items"));
      after = page.json().getLong("next_after");
    }
    assertThat(notices.stream().map(n -> ((JsonObject) n).getString("event")))
        .containsExactly("delivery.delivered", "delivery.acked");
    JsonObject delivered = notices.getJsonObject(0).getJsonObject("receipt");
    assertThat(delivered.getString("delivered_via")).isEqualTo("webhook");
  }
}
