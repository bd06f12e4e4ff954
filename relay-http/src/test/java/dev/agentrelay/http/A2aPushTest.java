package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrelay.core.bus.Addresses;
import dev.agentrelay.core.bus.BusCodecs;
import dev.agentrelay.core.bus.DeliveryEvent;
import dev.agentrelay.core.bus.StoreClient;
import dev.agentrelay.core.model.EventType;
import dev.agentrelay.core.service.PushConfigCommands;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A2A push notification configs: stored, delivered with their token and auth, signed, retried, checked. */
@ExtendWith(VertxExtension.class)
class A2aPushTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  java.nio.file.Path dir;
  Vertx vertx;
  TestRelay relay;
  Api api;
  A2aCalls a2a;
  WebhookReceiver receiver;
  String caller;
  String worker;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    relay = TestRelay.start(vertx, dir, Map.of("RELAY_WEBHOOK_RETRY_SCHEDULE", "100ms,100ms"));
    api = relay.api();
    worker = api.register("worker", 2);
    caller = api.register("caller", 2, new JsonObject().put("permissions",
        new JsonObject().put("can_send_to", new JsonArray().add("worker"))));
    a2a = new A2aCalls(relay.port());
    receiver = WebhookReceiver.start(vertx);
  }

  @AfterEach
  void stop() {
    relay.stop();
  }

  @Test
  void pushesEachUpdateWithTheTokenAndAuthSignedAndRetried() throws Exception {
    String taskId = submit("p-1");
    JsonObject config = a2a.result(caller, "worker", "CreateTaskPushNotificationConfig", new JsonObject()
        .put("taskId", taskId).put("url", receiver.url()).put("token", "tok-123")
        .put("authentication", new JsonObject().put("scheme", "Bearer").put("credentials", "secret-cred")));
    assertThat(config.getString("id")).isNotBlank();
    receiver.script(500);

    api.put("/api/v1/tasks/" + taskId, worker, new JsonObject().put("status", "working"));
    WebhookReceiver.Received failed = receiver.next(WAIT);
    WebhookReceiver.Received working = receiver.next(WAIT);
    api.post("/api/v1/tasks/" + taskId + "/artifacts", worker, new JsonObject().put("name", "out").put("content", "1"));
    WebhookReceiver.Received artifact = receiver.next(WAIT);
    api.put("/api/v1/tasks/" + taskId, worker, new JsonObject().put("status", "completed"));
    WebhookReceiver.Received completed = receiver.next(WAIT);

    assertThat(failed.headers().get("webhook-id")).isEqualTo(working.headers().get("webhook-id"));
    assertThat(A2aJsonRpcTest.describe(new JsonObject(working.body()))).isEqualTo("status TASK_STATE_WORKING");
    assertThat(A2aJsonRpcTest.describe(new JsonObject(artifact.body()))).isEqualTo("artifact out");
    assertThat(A2aJsonRpcTest.describe(new JsonObject(completed.body()))).isEqualTo("status TASK_STATE_COMPLETED");
    for (WebhookReceiver.Received push : java.util.List.of(working, artifact, completed)) {
      assertThat(push.headers().get("X-A2A-Notification-Token")).isEqualTo("tok-123");
      assertThat(push.headers().get("Authorization")).isEqualTo("Bearer secret-cred");
      assertThat(push.headers().get("Content-Type")).isEqualTo("application/a2a+json");
      String signed = push.headers().get("webhook-id") + "." + push.headers().get("webhook-timestamp") + "."
          + push.body().toString();
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec("tok-123".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      assertThat(push.headers().get("webhook-signature")).isEqualTo("v1," + Base64.getEncoder()
          .encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8))));
    }
    assertThat(new JsonObject(completed.body()).getJsonObject("statusUpdate").getString("taskId")).isEqualTo(taskId);
  }

  @Test
  void configsAreListedReadAndDeletedOverBothBindings() {
    String taskId = submit("p-2");
    String path = "/a2a/worker/v1/tasks/" + taskId + "/pushNotificationConfigs";
    A2aCalls.Reply created = a2a.post(caller, path, new JsonObject().put("url", receiver.url()).put("id", "cfg-1")
        .encode(), "1.0");
    assertThat(created.status()).as(created.toString()).isEqualTo(200);
    assertThat(created.json().getString("token")).startsWith("whsec_");

    JsonObject listed = a2a.result(caller, "worker", "ListTaskPushNotificationConfigs",
        new JsonObject().put("taskId", taskId));
    assertThat(listed.getJsonArray("configs")).hasSize(1);
    assertThat(a2a.get(caller, path + "/cfg-1").json().getString("url")).isEqualTo(receiver.url());
    assertThat(a2a.result(caller, "worker", "GetTaskPushNotificationConfig",
        new JsonObject().put("taskId", taskId).put("id", "cfg-1")).getString("id")).isEqualTo("cfg-1");

    assertThat(a2a.delete(caller, path + "/cfg-1").status()).isEqualTo(204);
    assertThat(a2a.delete(caller, path + "/cfg-1").status()).isEqualTo(204);
    assertThat(a2a.get(caller, path + "/cfg-1").status()).isEqualTo(404);
    assertThat(a2a.result(caller, "worker", "DeleteTaskPushNotificationConfig",
        new JsonObject().put("taskId", taskId).put("id", "cfg-1"))).isEmpty();

    api.put("/api/v1/tasks/" + taskId, worker, new JsonObject().put("status", "rejected"));
    String other = submit("p-3");
    a2a.result(caller, "worker", "CreateTaskPushNotificationConfig",
        new JsonObject().put("taskId", other).put("url", receiver.url()));
    api.put("/api/v1/tasks/" + other, worker, new JsonObject().put("status", "rejected"));
    WebhookReceiver.Received only = receiver.next(WAIT);
    assertThat(new JsonObject(only.body()).getJsonObject("statusUpdate").getString("taskId")).isEqualTo(other);
  }

  @Test
  void aRestartedRelayGoesOnPushing() {
    String taskId = submit("p-6");
    a2a.result(caller, "worker", "CreateTaskPushNotificationConfig",
        new JsonObject().put("taskId", taskId).put("url", receiver.url()).put("token", "kept"));

    relay.restart();
    relay.api().put("/api/v1/tasks/" + taskId, worker, new JsonObject().put("status", "working"));

    WebhookReceiver.Received push = receiver.next(WAIT);
    assertThat(push.headers().get("X-A2A-Notification-Token")).isEqualTo("kept");
    assertThat(A2aJsonRpcTest.describe(new JsonObject(push.body()))).isEqualTo("status TASK_STATE_WORKING");
  }

  @Test
  void updatesCommittedWhileNoDispatcherRanArePushedWhenOneStartsAndOnlyThen() throws Exception {
    String taskId = submit("p-7");
    a2a.result(caller, "worker", "CreateTaskPushNotificationConfig",
        new JsonObject().put("taskId", taskId).put("url", receiver.url()));
    api.put("/api/v1/tasks/" + taskId, worker, new JsonObject().put("status", "working"));
    WebhookReceiver.Received working = receiver.next(WAIT);
    // stopped before it records the push, a dispatcher leaves it to the next one, which pushes it again
    awaitPushesRecorded(taskId);

    relay.withoutA2aPush(() -> {
      api.post("/api/v1/tasks/" + taskId + "/artifacts", worker,
          new JsonObject().put("name", "made-offline").put("content", "1"));
      api.put("/api/v1/tasks/" + taskId, worker, new JsonObject().put("status", "completed"));
    });
    WebhookReceiver.Received artifact = receiver.next(WAIT);
    WebhookReceiver.Received completed = receiver.next(WAIT);
    assertThat(A2aJsonRpcTest.describe(new JsonObject(working.body()))).isEqualTo("status TASK_STATE_WORKING");
    assertThat(A2aJsonRpcTest.describe(new JsonObject(artifact.body()))).isEqualTo("artifact made-offline");
    assertThat(A2aJsonRpcTest.describe(new JsonObject(completed.body()))).isEqualTo("status TASK_STATE_COMPLETED");
    awaitPushesRecorded(taskId);

    relay.restart();
    api = relay.api();
    a2a = new A2aCalls(relay.port());
    String later = submit("p-8");
    a2a.result(caller, "worker", "CreateTaskPushNotificationConfig",
        new JsonObject().put("taskId", later).put("url", receiver.url()));
    api.put("/api/v1/tasks/" + later, worker, new JsonObject().put("status", "working"));
    WebhookReceiver.Received next = receiver.next(WAIT);
    assertThat(new JsonObject(next.body()).getJsonObject("statusUpdate").getString("taskId"))
        .as("nothing pushed before is pushed again after a restart").isEqualTo(later);
  }

  @Test
  void anUpdateCaughtUpIsNotPushedAgainWhenTheBusPassesItOnLate() throws Exception {
    String taskId = submit("p-9");
    a2a.result(caller, "worker", "CreateTaskPushNotificationConfig",
        new JsonObject().put("taskId", taskId).put("url", receiver.url()));
    relay.withoutA2aPush(() -> api.post("/api/v1/tasks/" + taskId + "/artifacts", worker,
        new JsonObject().put("name", "caught-up").put("content", "1")));
    WebhookReceiver.Received caughtUp = receiver.next(WAIT);
    assertThat(A2aJsonRpcTest.describe(new JsonObject(caughtUp.body()))).isEqualTo("artifact caught-up");

    // as another node's commit reaches the bus after the catch-up read it: the same delivery, published again
    JsonObject item = api.inbox(caller).getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(i -> i.getString("event").equals("artifact.new")).findFirst().orElseThrow();
    vertx.eventBus().publish(Addresses.inbox("caller"), new DeliveryEvent("caller", item.getLong("seq"),
        item.getString("delivery_id"), EventType.ARTIFACT_NEW, "worker", item.encode(), null, null, null),
        BusCodecs.DELIVERY);
    Api.Reply working = api.put("/api/v1/tasks/" + taskId, worker, new JsonObject().put("status", "working"));
    assertThat(working.status()).as(working.toString()).isEqualTo(200);

    WebhookReceiver.Received next = receiver.next(WAIT);
    assertThat(A2aJsonRpcTest.describe(new JsonObject(next.body()))).as("the update after the one caught up")
        .isEqualTo("status TASK_STATE_WORKING");
  }

  @Test
  void sendMessageCanSetAConfig() {
    JsonObject params = A2aCalls.sendParams(A2aCalls.message("p-4", "push me"), true);
    params.getJsonObject("configuration").put("taskPushNotificationConfig",
        new JsonObject().put("url", receiver.url()).put("token", "t"));
    String taskId = a2a.result(caller, "worker", "SendMessage", params).getJsonObject("task").getString("id");
    a2a.result(caller, "worker", "SendMessage", params);

    assertThat(a2a.result(caller, "worker", "ListTaskPushNotificationConfigs", new JsonObject().put("taskId", taskId))
        .getJsonArray("configs")).hasSize(1);
    api.put("/api/v1/tasks/" + taskId, worker, new JsonObject().put("status", "working"));

    assertThat(receiver.next(WAIT).headers().get("X-A2A-Notification-Token")).isEqualTo("t");
  }

  @Test
  void refusesWhatWebhooksRefuseAndTasksTheCallerCannotSee(Vertx vertx) {
    relay.stop();
    relay = TestRelay.start(vertx, dir, Map.of("RELAY_WEBHOOK_ALLOW_LOCAL", "false"));
    a2a = new A2aCalls(relay.port());
    String taskId = submit("p-5");
    String foreign = relay.api().createTask(TestRelay.ADMIN_KEY, "worker", "not the caller's");

    JsonObject local = a2a.rpc(caller, "worker", "CreateTaskPushNotificationConfig",
        new JsonObject().put("taskId", taskId).put("url", "http://127.0.0.1:9/hook"));
    JsonObject hidden = a2a.rpc(caller, "worker", "CreateTaskPushNotificationConfig",
        new JsonObject().put("taskId", foreign).put("url", "https://example.com/hook"));

    assertThat(local.getJsonObject("error").getInteger("code")).isEqualTo(-32602);
    assertThat(local.getJsonObject("error").getJsonArray("data").getJsonObject(0).getString("reason"))
        .isEqualTo("WEBHOOK_URL_REFUSED");
    assertThat(hidden.getJsonObject("error").getInteger("code")).isEqualTo(-32001);
  }

  /** Waits until the store has every update of the task recorded as pushed (there is no event to await). */
  private void awaitPushesRecorded(String taskId) throws InterruptedException {
    StoreClient store = new StoreClient(vertx);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!TestRelay.await(store.write(new PushConfigCommands.CatchUp(taskId))).items().isEmpty()) {
      assertThat(System.nanoTime()).as("the pushes of %s recorded", taskId).isLessThan(deadline);
      TimeUnit.MILLISECONDS.sleep(10);
    }
  }

  private String submit(String messageId) {
    return a2a.result(caller, "worker", "SendMessage",
        A2aCalls.sendParams(A2aCalls.message(messageId, "task " + messageId), true)).getJsonObject("task")
        .getString("id");
  }
}
