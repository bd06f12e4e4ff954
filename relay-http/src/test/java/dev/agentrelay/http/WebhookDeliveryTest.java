package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Webhook delivery end to end: a real relay POSTing to real HTTP endpoints started by the test. */
@ExtendWith(VertxExtension.class)
class WebhookDeliveryTest {

  private static final String ADMIN = TestRelay.ADMIN_KEY;
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String FAST_RETRIES = "50ms,50ms,50ms";

  @TempDir
  Path dir;
  TestRelay relay;
  Api api;
  final List<WebhookReceiver> receivers = new ArrayList<>();

  @AfterEach
  void stop() {
    if (relay != null) {
      relay.stop();
    }
    receivers.forEach(WebhookReceiver::close);
  }

  // ---- signing and the envelope ----

  @Test
  void aDeliveryIsPostedSignedPerStandardWebhooksAndLeavesTheInbox(Vertx vertx) {
    startRelay(vertx, FAST_RETRIES);
    WebhookReceiver receiver = receiver(vertx);
    Hook hook = registerWebhookAgent("hooked", receiver.url());

    JsonObject message = sendMessage("hooked", "hello hook");

    WebhookReceiver.Received request = receiver.next(WAIT);
    long now = Instant.now().getEpochSecond();
    String id = request.header("webhook-id");
    String timestamp = request.header("webhook-timestamp");
    String signature = request.header("webhook-signature");
    assertThat(id).isNotBlank();
    assertThat(timestamp).matches("[0-9]+");
    assertThat(Long.parseLong(timestamp)).isBetween(now - 300, now + 300);
    assertThat(signature).startsWith("v1,");
    assertThat(StandardWebhooks.verify(hook.secret(), id, timestamp, request.body().getBytes(), signature))
        .as("signature %s over the received body", signature).isTrue();
    assertThat(StandardWebhooks.verify(hook.secret(), id, timestamp, (request.body() + " ").getBytes(
        StandardCharsets.UTF_8), signature)).as("a tampered body fails the same check").isFalse();
    assertThat(request.header("Content-Type")).startsWith("application/json");
    assertThat(request.path()).isEqualTo("/hook");

    JsonObject envelope = request.json();
    assertThat(envelope.fieldNames()).contains("type", "timestamp", "data");
    assertThat(envelope.getString("type")).isEqualTo("message.new");
    assertThat(envelope.getString("timestamp")).isNotBlank();
    JsonObject data = envelope.getJsonObject("data");
    assertThat(data.getString("delivery_id")).isEqualTo(id);
    assertThat(data.getString("event")).isEqualTo("message.new");
    assertThat(data.getLong("seq")).isPositive();
    assertThat(data.getString("from_agent")).isEqualTo("admin");
    assertThat(data.getJsonObject("message").getString("message_id")).isEqualTo(message.getString("message_id"));

    awaitInboxEmpty(hook);
    assertThat(api.inbox(hook.key()).getInteger("pending")).isZero();
  }

  // ---- retries ----

  @Test
  void failedAttemptsAreRetriedUntilA2xxAcksTheDeliveryOnce(Vertx vertx) {
    startRelay(vertx, FAST_RETRIES);
    WebhookReceiver receiver = receiver(vertx).script(500, 500, 200);
    Hook hook = registerWebhookAgent("flaky", receiver.url());

    sendMessage("flaky", "try again");

    WebhookReceiver.Received first = receiver.next(WAIT);
    WebhookReceiver.Received second = receiver.next(WAIT);
    WebhookReceiver.Received third = receiver.next(WAIT);
    String deliveryId = first.header("webhook-id");
    assertThat(List.of(second.header("webhook-id"), third.header("webhook-id"))).containsOnly(deliveryId);
    awaitInboxEmpty(hook);

    List<JsonObject> attempts = attemptDetails("flaky");
    assertThat(attempts).extracting(d -> d.getString("outcome")).containsExactly("retry", "retry", "delivered");
    assertThat(attempts).extracting(d -> d.getInteger("attempt")).containsExactly(1, 2, 3);
    assertThat(attempts).extracting(d -> d.getString("delivery_id")).containsOnly(deliveryId);
    assertThat(attempts).extracting(d -> d.getString("result")).containsExactly("HTTP 500", "HTTP 500", "HTTP 200");
    JsonObject webhooks = webhookStats();
    assertThat(webhooks.getLong("attempts")).as(webhooks.encode()).isEqualTo(3);
    assertThat(webhooks.getLong("succeeded")).as(webhooks.encode()).isEqualTo(1);
    assertThat(webhooks.getLong("failed")).as(webhooks.encode()).isZero();
    assertThat(receiver.count()).isEqualTo(3);
  }

  @Test
  void theWebhookFiguresOfStatsSurviveARestart(Vertx vertx) {
    startRelay(vertx, FAST_RETRIES);
    WebhookReceiver receiver = receiver(vertx).script(500, 200);
    Hook hook = registerWebhookAgent("steady", receiver.url());
    sendMessage("steady", "counted once");
    awaitInboxEmpty(hook);
    JsonObject before = webhookStats();
    assertThat(before.getLong("attempts")).as(before.encode()).isEqualTo(2);
    assertThat(before.getLong("succeeded")).as(before.encode()).isEqualTo(1);

    relay.restart();
    api = relay.api();

    assertThat(webhookStats()).isEqualTo(before);
  }

  @Test
  void anUnreachableEndpointGivesUpAndLeavesTheItemPollable(Vertx vertx) throws Exception {
    startRelay(vertx, "50ms,50ms");
    Hook hook = registerWebhookAgent("unreachable", "http://127.0.0.1:" + unusedPort() + "/hook");

    JsonObject message = sendMessage("unreachable", "anyone there?");

    List<JsonObject> attempts = awaitUntil("the webhook attempts to end in gave_up", () -> attemptDetails("unreachable"),
        list -> list.stream().anyMatch(d -> "gave_up".equals(d.getString("outcome"))));
    assertThat(attempts).extracting(d -> d.getString("outcome")).containsExactly("retry", "retry", "gave_up");
    assertThat(attempts).extracting(d -> d.getString("result")).allMatch(r -> r.startsWith("error"));

    JsonObject inbox = api.inbox(hook.key());
    assertThat(inbox.getInteger("pending")).isEqualTo(1);
    JsonObject item = inbox.getJsonArray("items").getJsonObject(0);
    assertThat(item.getString("delivery_id")).isEqualTo(attempts.get(0).getString("delivery_id"));
    assertThat(item.getJsonObject("message").getString("message_id")).isEqualTo(message.getString("message_id"));
    JsonObject webhooks = webhookStats();
    assertThat(webhooks.getLong("failed")).as(webhooks.encode()).isGreaterThanOrEqualTo(1);
    assertThat(webhooks.getLong("succeeded")).as(webhooks.encode()).isZero();

    Api.Reply ack = api.post("/api/v1/inbox/ack", hook.key(),
        new JsonObject().put("delivery_ids", new JsonArray().add(item.getString("delivery_id"))));
    assertThat(ack.status()).as(ack.toString()).isEqualTo(200);
    assertThat(api.inbox(hook.key()).getInteger("pending")).isZero();
  }

  @Test
  void aRedirectIsAFailedAttemptAndItsTargetIsNeverCalled(Vertx vertx) {
    startRelay(vertx, "50ms,50ms");
    WebhookReceiver elsewhere = receiver(vertx);
    WebhookReceiver redirecting = receiver(vertx).answerByDefault(303).locationHeader(elsewhere.url());
    Hook hook = registerWebhookAgent("redirected", redirecting.url());

    sendMessage("redirected", "stay where you are");

    List<JsonObject> attempts = awaitUntil("the webhook attempts to end in gave_up", () -> attemptDetails("redirected"),
        list -> list.stream().anyMatch(d -> "gave_up".equals(d.getString("outcome"))));
    assertThat(attempts).extracting(d -> d.getString("outcome")).containsExactly("retry", "retry", "gave_up");
    assertThat(attempts).extracting(d -> d.getString("result")).containsOnly("HTTP 303");
    assertThat(redirecting.count()).isEqualTo(3);
    assertThat(elsewhere.count()).as("requests at the redirect's target").isZero();
    assertThat(api.inbox(hook.key()).getInteger("pending")).isEqualTo(1);
    assertThat(webhookStats().getLong("succeeded")).isZero();
  }

  // ---- 410 Gone ----

  @Test
  void a410SwitchesTheAgentToPollingAndKeepsTheItem(Vertx vertx) {
    startRelay(vertx, FAST_RETRIES);
    WebhookReceiver receiver = receiver(vertx).answerByDefault(410);
    Hook hook = registerWebhookAgent("retired", receiver.url());

    JsonObject message = sendMessage("retired", "are you gone?");

    WebhookReceiver.Received request = receiver.next(WAIT);
    JsonArray disabled = awaitUntil("a webhook.disabled audit entry",
        () -> api.get("/api/v1/audit?event=webhook.disabled&agent=retired", ADMIN).array("entries"),
        entries -> !entries.isEmpty());
    assertThat(disabled).hasSize(1);
    JsonObject entry = disabled.getJsonObject(0);
    assertThat(entry.getString("subject_id")).isEqualTo("retired");
    assertThat(entry.getJsonObject("detail").getString("webhook_url")).isEqualTo(receiver.url());

    Api.Reply agent = api.get("/api/v1/agents/retired", ADMIN);
    assertThat(agent.status()).isEqualTo(200);
    assertThat(agent.json().getJsonObject("contact").getString("method")).as(agent.body()).isEqualTo("poll");
    assertThat(webhookStats().getLong("disabled")).isEqualTo(1);
    assertThat(webhookStats().getLong("failed")).as("the item was given up").isEqualTo(1);
    assertThat(attemptDetails("retired")).extracting(d -> d.getString("result")).containsExactly("HTTP 410");

    JsonObject inbox = api.inbox(hook.key());
    assertThat(inbox.getJsonArray("items")).hasSize(1);
    assertThat(inbox.getJsonArray("items").getJsonObject(0).getString("delivery_id"))
        .isEqualTo(request.header("webhook-id"));
    assertThat(inbox.getJsonArray("items").getJsonObject(0).getJsonObject("message").getString("message_id"))
        .isEqualTo(message.getString("message_id"));

    // Later deliveries wait in the inbox too.
    sendMessage("retired", "still there?");
    assertThat(api.inbox(hook.key()).getInteger("pending")).isEqualTo(2);
    assertThat(receiver.count()).isEqualTo(1);
  }

  // ---- ordering and isolation ----

  @Test
  void deliveriesToOneAgentArriveInSeqOrderOneAtATime(Vertx vertx) {
    startRelay(vertx, FAST_RETRIES);
    WebhookReceiver receiver = receiver(vertx).delayAnswers(40);
    Hook hook = registerWebhookAgent("ordered", receiver.url());

    List<Future<Api.Reply>> sends = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      sends.add(api.sendAsync(HttpMethod.POST, "/api/v1/messages", ADMIN,
          new JsonObject().put("to_agent", "ordered").put("content", "m" + i), Map.of()));
    }
    for (Future<Api.Reply> send : sends) {
      assertThat(TestRelay.await(send).status()).isEqualTo(201);
    }

    List<WebhookReceiver.Received> requests = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      requests.add(receiver.next(WAIT));
    }
    List<Long> seqs = requests.stream().map(r -> r.data().getLong("seq")).toList();
    assertThat(seqs).as("seq of each POST in arrival order").isSorted().doesNotHaveDuplicates();
    assertThat(requests).extracting(WebhookReceiver.Received::inFlightOnArrival).containsOnly(1);
    assertThat(receiver.maxInFlight()).isEqualTo(1);
    for (int i = 1; i < requests.size(); i++) {
      long previousAnswered = requests.get(i - 1).answeredNanos().join();
      assertThat(requests.get(i).arrivedNanos()).as("request %d arrives after request %d was answered", i + 1, i)
          .isGreaterThanOrEqualTo(previousAnswered);
    }
    assertThat(requests.stream().map(r -> r.data().getJsonObject("message").getJsonArray("parts").encode())
        .collect(Collectors.toSet())).hasSize(5);
    awaitInboxEmpty(hook);
    assertThat(receiver.count()).isEqualTo(5);
  }

  @Test
  void aSlowEndpointDoesNotHoldBackAnotherAgentsDelivery(Vertx vertx) {
    startRelay(vertx, FAST_RETRIES);
    WebhookReceiver slow = receiver(vertx);
    CompletableFuture<Void> slowAnswers = slow.holdAnswers();
    WebhookReceiver quick = receiver(vertx);
    registerWebhookAgent("slowpoke", slow.url());
    Hook fast = registerWebhookAgent("speedy", quick.url());

    sendMessage("slowpoke", "take your time");
    WebhookReceiver.Received slowRequest = slow.next(WAIT);
    sendMessage("speedy", "be quick");
    WebhookReceiver.Received quickRequest = quick.next(WAIT);

    assertThat(slowRequest.answeredNanos()).as("the slow endpoint has not answered yet").isNotDone();
    slowAnswers.complete(null);
    long slowAnswered = slowRequest.answeredNanos().orTimeout(10, TimeUnit.SECONDS).join();
    assertThat(quickRequest.arrivedNanos()).as("B's request arrives while A's is still pending")
        .isLessThan(slowAnswered);
    awaitInboxEmpty(fast);
  }

  // ---- restart ----

  @Test
  void aDeliveryInterruptedByARestartIsMadeAfterTheRestart(Vertx vertx) {
    // A long retry delay, so that the restart surely falls between the first attempt and its retry.
    startRelay(vertx, "2s");
    WebhookReceiver receiver = receiver(vertx).answerByDefault(500);
    Hook hook = registerWebhookAgent("durable", receiver.url());

    sendMessage("durable", "survive this");
    WebhookReceiver.Received first = receiver.next(WAIT);
    awaitUntil("the first attempt audited as retry", () -> attemptDetails("durable"), list -> !list.isEmpty());
    receiver.answerByDefault(200);
    relay.restart();
    api = relay.api();

    WebhookReceiver.Received afterRestart = receiver.next(WAIT);
    assertThat(afterRestart.header("webhook-id")).isEqualTo(first.header("webhook-id"));
    awaitInboxEmpty(hook);
    List<JsonObject> attempts = attemptDetails("durable");
    assertThat(attempts.get(0).getString("outcome")).isEqualTo("retry");
    assertThat(attempts.get(attempts.size() - 1).getString("outcome")).isEqualTo("delivered");
    assertThat(attempts).extracting(d -> d.getString("delivery_id")).containsOnly(first.header("webhook-id"));
  }

  // ---- changes of the target ----

  @Test
  void aSecretRotatedWhileAnItemIsRetriedSignsItsNextAttempt(Vertx vertx) {
    // the first attempt is answered only once the secret is rotated, so that the rotation lands between that attempt
    // and its retry however slow the machine; the retry delay leaves the news of the rotation time to reach the
    // dispatcher
    startRelay(vertx, "3s,3s");
    WebhookReceiver receiver = receiver(vertx).answerByDefault(500);
    CompletableFuture<Void> firstAnswer = receiver.holdAnswers();
    Hook hook = registerWebhookAgent("rotating", receiver.url());
    sendMessage("rotating", "sign me again");
    WebhookReceiver.Received first = receiver.next(WAIT);
    assertThat(signedWith(hook.secret(), first)).isTrue();

    Api.Reply rotated = api.post("/api/v1/agents/rotating/keys", hook.key(),
        new JsonObject().put("rotate_webhook_secret", true));
    assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
    String newSecret = rotated.json().getString("webhook_secret");
    receiver.answerByDefault(200);
    firstAnswer.complete(null);

    WebhookReceiver.Received retried = receiver.next(WAIT);
    assertThat(retried.header("webhook-id")).isEqualTo(first.header("webhook-id"));
    assertThat(signedWith(newSecret, retried)).as("the retry is signed with the new secret").isTrue();
    awaitInboxEmpty(new Hook("rotating", rotated.json().getString("api_key"), newSecret));
  }

  @Test
  void anAgentRegisteredAgainAsAWebhookAgentIsPushedTheInboxItLeftAtOnce(Vertx vertx) {
    startRelay(vertx, FAST_RETRIES);
    api.register("returning", 2);
    sendMessage("returning", "waiting one");
    sendMessage("returning", "waiting two");
    assertThat(api.delete("/api/v1/agents/returning", ADMIN).status()).isEqualTo(204);
    WebhookReceiver receiver = receiver(vertx);

    Hook hook = registerWebhookAgent("returning", receiver.url());

    List<WebhookReceiver.Received> pushed = List.of(receiver.next(WAIT), receiver.next(WAIT));
    assertThat(pushed).extracting(r -> r.json().getJsonObject("data").getJsonObject("message")
        .getJsonArray("parts").getJsonObject(0).getString("text")).containsExactly("waiting one", "waiting two");
    awaitInboxEmpty(hook);
  }

  // ---- registration ----

  @Test
  void registrationRefusesLoopbackWebhookUrlsUnlessLocalTargetsAreAllowed(Vertx vertx) {
    relay = TestRelay.start(vertx, dir, Map.of("RELAY_WEBHOOK_ALLOW_LOCAL", "false"));
    api = relay.api();

    for (String url : List.of("http://127.0.0.1:8080/hook", "http://localhost:8080/hook", "http://[::1]:8080/hook",
        "http://169.254.169.254/latest", "http://100.100.100.200/latest", "http://[fd00:ec2::254]/latest",
        "http://[::ffff:127.0.0.1]:8080/hook", "http://0.0.0.0:8080/hook", "http://[::]:8080/hook",
        "http://0177.0.0.1:8080/hook", "http://0x7f.1:8080/hook", "http://127.1:8080/hook",
        "http://2130706433:8080/hook")) {
      Api.Reply reply = api.post("/api/v1/agents", ADMIN, webhookAgent("local-hook", url));
      assertThat(reply.status()).as(url + " -> " + reply).isEqualTo(422);
      assertThat(reply.json().getString("code")).as(url).isEqualTo("webhook_url_refused");
      assertThat(api.get("/api/v1/agents/local-hook", ADMIN).status()).as(url).isEqualTo(404);
    }
    Api.Reply octal = api.post("/api/v1/agents", ADMIN, webhookAgent("octal-hook", "http://0177.0.0.1/hook"));
    assertThat(octal.json().getString("detail")).as(octal.toString()).contains("dotted decimal");
    Api.Reply privateRange = api.post("/api/v1/agents", ADMIN, webhookAgent("lan-hook", "http://10.1.2.3/hook"));
    assertThat(privateRange.status()).as(privateRange.toString()).isEqualTo(201);
    Api.Reply tailscale = api.post("/api/v1/agents", ADMIN, webhookAgent("tailnet-hook", "http://100.64.7.8/hook"));
    assertThat(tailscale.status()).as(tailscale.toString()).isEqualTo(201);
  }

  // ---- helpers ----

  private record Hook(String agentId, String key, String secret) {
  }

  private void startRelay(Vertx vertx, String retrySchedule) {
    relay = TestRelay.start(vertx, dir, Map.of("RELAY_WEBHOOK_RETRY_SCHEDULE", retrySchedule));
    api = relay.api();
  }

  private WebhookReceiver receiver(Vertx vertx) {
    WebhookReceiver receiver = WebhookReceiver.start(vertx);
    receivers.add(receiver);
    return receiver;
  }

  private static JsonObject webhookAgent(String agentId, String url) {
    return new JsonObject().put("agent_id", agentId).put("trust_tier", 2)
        .put("contact", new JsonObject().put("method", "webhook").put("webhook_url", url));
  }

  private Hook registerWebhookAgent(String agentId, String url) {
    Api.Reply reply = api.post("/api/v1/agents", ADMIN, webhookAgent(agentId, url));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    String secret = reply.json().getString("webhook_secret");
    assertThat(secret).startsWith("whsec_");
    return new Hook(agentId, reply.json().getString("api_key"), secret);
  }

  /** Whether the request's Standard Webhooks signature verifies with {@code secret} over its body. */
  private static boolean signedWith(String secret, WebhookReceiver.Received request) {
    return StandardWebhooks.verify(secret, request.header("webhook-id"), request.header("webhook-timestamp"),
        request.body().getBytes(), request.header("webhook-signature"));
  }

  private JsonObject sendMessage(String to, String content) {
    Api.Reply reply = api.post("/api/v1/messages", ADMIN, new JsonObject().put("to_agent", to).put("content", content));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    return reply.json();
  }

  /** The detail of every webhook.attempt audit entry about the agent, oldest first. */
  private List<JsonObject> attemptDetails(String agentId) {
    Api.Reply reply = api.get("/api/v1/audit?event=webhook.attempt&limit=200&agent=" + agentId, ADMIN);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    List<JsonObject> details = new ArrayList<>();
    for (Object entry : reply.array("entries")) {
      JsonObject e = (JsonObject) entry;
      assertThat(e.getString("subject_id")).isEqualTo(agentId);
      details.add(e.getJsonObject("detail"));
    }
    return details;
  }

  private JsonObject webhookStats() {
    Api.Reply reply = api.get("/api/v1/stats", ADMIN);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.json().getJsonObject("webhooks");
  }

  private void awaitInboxEmpty(Hook hook) {
    awaitUntil("the inbox of " + hook.agentId() + " to empty", () -> api.inbox(hook.key()),
        inbox -> inbox.getJsonArray("items").isEmpty() && inbox.getInteger("pending") == 0);
  }

  /** Probes until {@code done} holds, failing with the last value seen once {@link #WAIT} has passed. */
  private static <T> T awaitUntil(String what, Supplier<T> probe, Predicate<T> done) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    T last = probe.get();
    while (!done.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + WAIT + " waiting for " + what + "; last seen: " + last);
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
      last = probe.get();
    }
    return last;
  }

  private static int unusedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** An independent Standard Webhooks verifier, as a receiving agent would write it. */
  static final class StandardWebhooks {

    static boolean verify(String secret, String id, String timestamp, byte[] body, String signatureHeader) {
      try {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] signedContent = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[signedContent.length + body.length];
        System.arraycopy(signedContent, 0, payload, 0, signedContent.length);
        System.arraycopy(body, 0, payload, signedContent.length, body.length);
        byte[] expected = Base64.getEncoder().encode(mac.doFinal(payload));
        for (String candidate : signatureHeader.split(" ")) {
          String[] parts = candidate.split(",", 2);
          if (parts.length == 2 && parts[0].equals("v1")
              && MessageDigest.isEqual(expected, parts[1].getBytes(StandardCharsets.US_ASCII))) {
            return true;
          }
        }
        return false;
      } catch (Exception e) {
        throw new AssertionError("cannot verify: " + e, e);
      }
    }
  }
}
