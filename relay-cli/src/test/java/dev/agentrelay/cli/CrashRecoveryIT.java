package dev.agentrelay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durability promise under SIGKILL: the real jar on one data directory is killed at random moments while eight
 * clients send direct messages and tasks and a consumer acknowledges some of what it reads, and started again on the
 * same file each time. Afterwards every send answered 2xx is in its recipient's inbox or was acknowledged, every send
 * is there at most once, nothing acknowledged came back, and SQLite finds the file intact. The seed is logged and can
 * be given back with {@code -Dcrash.seed=}; thread timing still differs from run to run.
 */
class CrashRecoveryIT {

  private static final String ADMIN = "crash-admin-key-0123456789abcdef0123456789abcdef";
  private static final List<String> RECIPIENTS = List.of("crash-r0", "crash-r1", "crash-r2");
  private static final int SENDERS = 8;
  private static final int KILLS = 10;
  private static final int RETRIES = 5;

  @TempDir
  Path dir;
  RelayProcess relay;
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  final CrashLedger ledger = new CrashLedger();
  final Map<String, String> keys = new HashMap<>();
  final AtomicReference<CompletableFuture<Void>> up = new AtomicReference<>(CompletableFuture.completedFuture(null));
  final AtomicReference<CountDownLatch> progress = new AtomicReference<>(new CountDownLatch(0));
  final AtomicInteger refused = new AtomicInteger();
  volatile boolean stopping;

  @AfterEach
  void stop() throws InterruptedException {
    stopping = true;
    if (relay != null) {
      relay.kill();
    }
  }

  @Test
  void everySendAnswered2xxSurvivesSigkillExactlyOnceAndNothingAcknowledgedComesBack() throws Exception {
    long seed = Long.getLong("crash.seed", System.nanoTime());
    System.out.println("CrashRecoveryIT seed: " + seed + " (replay with -Dcrash.seed=" + seed + ")");
    Random random = new Random(seed);
    relay = new RelayProcess(dir.resolve("data"), Map.of("RELAY_BOOTSTRAP_TOKEN", ADMIN, "RELAY_RATE_LIMIT", "0"));
    relay.start();
    for (String recipient : RECIPIENTS) {
      keys.put(recipient, register(recipient));
    }

    List<Thread> clients = new ArrayList<>();
    for (int i = 0; i < SENDERS; i++) {
      clients.add(client("sender-" + i, senderLoop(i, new Random(seed + i + 1))));
    }
    clients.add(client("consumer", consumerLoop(new Random(seed - 1))));
    for (int kill = 1; kill <= KILLS; kill++) {
      awaitAnswers(5 + random.nextInt(40));
      killAndRestart();
    }
    awaitAnswers(20);
    stopping = true;
    for (Thread client : clients) {
      client.join(TimeUnit.SECONDS.toMillis(120));
      assertThat(client.isAlive()).as("%s finished", client.getName()).isFalse();
    }

    Map<String, List<JsonObject>> inboxes = finalInboxes();
    List<JsonObject> tasks = allTasks();
    relay.kill();
    System.out.printf("CrashRecoveryIT: %d answered, %d unanswered, %d refused, %d acknowledged, %d kills%n",
        ledger.answered.size(), ledger.unanswered.size(), refused.get(), ledger.ackConfirmed.size(), KILLS);
    assertThat(ledger.violations).as("acknowledged items that came back").isEmpty();
    checkEveryAnsweredSendOnceAndNoDuplicates(inboxes, tasks);
    assertThat(integrityCheck()).isEqualTo("ok");
  }

  private void checkEveryAnsweredSendOnceAndNoDuplicates(Map<String, List<JsonObject>> inboxes,
      List<JsonObject> tasks) {
    Map<String, JsonObject> finalByMarker = new HashMap<>();
    Set<String> deliveryIds = new HashSet<>();
    inboxes.forEach((recipient, items) -> items.forEach(item -> {
      String deliveryId = item.getString("delivery_id");
      assertThat(deliveryIds.add(deliveryId)).as("delivery %s listed once", deliveryId).isTrue();
      assertThat(ledger.ackConfirmed).as("acknowledged delivery back in %s's inbox", recipient)
          .doesNotContain(deliveryId);
      String marker = CrashLedger.marker(item);
      assertThat(finalByMarker.put(marker, item)).as("send %s in the inbox once", marker).isNull();
    }));
    assertThat(ledger.duplicatedMarkers()).as("sends delivered under more than one delivery id").isEmpty();

    Map<String, Integer> taskCounts = new HashMap<>();
    tasks.forEach(task -> taskCounts.merge(task.getString("title"), 1, Integer::sum));
    taskCounts.forEach((title, count) -> assertThat(count).as("tasks titled %s", title).isEqualTo(1));
    Set<String> taskIds = new HashSet<>();
    tasks.forEach(task -> taskIds.add(task.getString("task_id")));

    List<String> lost = new ArrayList<>();
    ledger.answered.values().forEach(sent -> {
      JsonObject item = finalByMarker.get(sent.marker());
      Set<String> seen = ledger.deliveriesByMarker.getOrDefault(sent.marker(), Set.of());
      boolean acknowledged = seen.stream().anyMatch(ledger.ackSent::contains);
      if (sent.createdId().startsWith("task_") && !taskIds.contains(sent.createdId())) {
        lost.add("task of " + sent);
      }
      if (item == null && !acknowledged) {
        lost.add(sent.toString());
      } else if (item != null) {
        assertThat(createdId(item)).as("inbox item of %s", sent).isEqualTo(sent.createdId());
      }
    });
    assertThat(lost).as("sends answered 2xx that are neither in the inbox nor acknowledged").isEmpty();
  }

  private static String createdId(JsonObject item) {
    JsonObject message = item.getJsonObject("message");
    return message != null ? message.getString("message_id") : item.getJsonObject("task").getString("task_id");
  }

  private void awaitAnswers(int count) throws InterruptedException {
    CountDownLatch answers = new CountDownLatch(count);
    progress.set(answers);
    assertThat(answers.await(120, TimeUnit.SECONDS)).as("%d sends answered, log:%n%s", count, relay.tail()).isTrue();
  }

  private void killAndRestart() throws Exception {
    CompletableFuture<Void> restarted = new CompletableFuture<>();
    up.set(restarted);
    relay.kill();
    try {
      relay.start();
      restarted.complete(null);
    } catch (Exception | AssertionError e) {
      restarted.completeExceptionally(e);
      throw e;
    }
  }

  private Thread client(String name, Runnable loop) {
    Thread thread = new Thread(loop, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private Runnable senderLoop(int index, Random random) {
    return () -> {
      for (int n = 0; !stopping; n++) {
        String marker = "mk-t" + index + "-" + n;
        String recipient = RECIPIENTS.get(random.nextInt(RECIPIENTS.size()));
        boolean task = random.nextBoolean();
        JsonObject body = task ? new JsonObject().put("to_agent", recipient).put("title", marker)
            : new JsonObject().put("to_agent", recipient).put("content", "payload " + marker);
        send(task ? "/api/v1/tasks" : "/api/v1/messages", body, marker, recipient, random);
      }
    };
  }

  /** One send, retried with the same Idempotency-Key after a crash half of the time, abandoned otherwise. */
  private void send(String path, JsonObject body, String marker, String recipient, Random random) {
    for (int attempt = 0; attempt < RETRIES; attempt++) {
      try {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(relay.url() + path))
            .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
            .header("Idempotency-Key", marker).timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 == 2) {
          JsonObject created = new JsonObject(response.body());
          String id = created.containsKey("message_id") ? created.getString("message_id")
              : created.getString("task_id");
          ledger.answered.put(marker, new CrashLedger.Answered(marker, recipient, id));
          ledger.unanswered.remove(marker);
          progress.get().countDown();
        } else {
          refused.incrementAndGet();
          ledger.unanswered.add(marker);
          System.out.println("CrashRecoveryIT: " + marker + " answered " + response.statusCode() + " "
              + response.body());
        }
        return;
      } catch (IOException e) {
        ledger.unanswered.add(marker);
        awaitRestart();
        if (stopping || random.nextBoolean()) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void awaitRestart() {
    try {
      up.get().get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      stopping = true;
    }
  }

  private Runnable consumerLoop(Random random) {
    return () -> {
      while (!stopping) {
        for (String recipient : RECIPIENTS) {
          try {
            consumeSome(recipient, random);
          } catch (IOException | RuntimeException e) {
            awaitRestart();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    };
  }

  private void consumeSome(String recipient, Random random) throws IOException, InterruptedException {
    HttpResponse<String> page = get("/api/v1/inbox?limit=100", keys.get(recipient));
    if (page.statusCode() != 200) {
      return;
    }
    JsonArray chosen = new JsonArray();
    for (Object entry : new JsonObject(page.body()).getJsonArray("items")) {
      JsonObject item = (JsonObject) entry;
      ledger.seen(recipient, item);
      if (random.nextInt(3) == 0) {
        chosen.add(item.getString("delivery_id"));
      }
    }
    if (chosen.isEmpty()) {
      return;
    }
    chosen.forEach(id -> ledger.ackSent.add((String) id));
    HttpResponse<String> acked = post("/api/v1/inbox/ack", keys.get(recipient),
        new JsonObject().put("delivery_ids", chosen));
    if (acked.statusCode() == 200) {
      chosen.forEach(id -> ledger.ackConfirmed.add((String) id));
    }
  }

  private Map<String, List<JsonObject>> finalInboxes() throws Exception {
    Map<String, List<JsonObject>> inboxes = new LinkedHashMap<>();
    for (String recipient : RECIPIENTS) {
      List<JsonObject> items = new ArrayList<>();
      long after = 0;
      while (true) {
        HttpResponse<String> page = get("/api/v1/inbox?limit=200&after=" + after, keys.get(recipient));
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        JsonObject body = new JsonObject(page.body());
        JsonArray batch = body.getJsonArray("items");
        batch.forEach(item -> {
          ledger.seen(recipient, (JsonObject) item);
          items.add((JsonObject) item);
        });
        if (batch.isEmpty()) {
          break;
        }
        after = body.getLong("next_after");
      }
      inboxes.put(recipient, items);
    }
    return inboxes;
  }

  private List<JsonObject> allTasks() throws Exception {
    List<JsonObject> tasks = new ArrayList<>();
    String cursor = null;
    do {
      HttpResponse<String> page = get("/api/v1/tasks?limit=200" + (cursor == null ? "" : "&cursor=" + cursor), ADMIN);
      assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
      JsonObject body = new JsonObject(page.body());
      body.getJsonArray("tasks").forEach(task -> tasks.add((JsonObject) task));
      cursor = body.getString("next_cursor");
    } while (cursor != null);
    return tasks;
  }

  private String integrityCheck() throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + relay.database());
        Statement statement = db.createStatement();
        ResultSet result = statement.executeQuery("PRAGMA integrity_check")) {
      StringBuilder answer = new StringBuilder();
      while (result.next()) {
        answer.append(answer.isEmpty() ? "" : "\n").append(result.getString(1));
      }
      return answer.toString();
    }
  }

  private String register(String agentId) throws Exception {
    HttpResponse<String> registered = post("/api/v1/agents", ADMIN,
        new JsonObject().put("agent_id", agentId).put("trust_tier", 2));
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    return new JsonObject(registered.body()).getString("api_key");
  }

  private HttpResponse<String> get(String path, String key) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(relay.url() + path)).header("Authorization", "Bearer " + key)
        .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String key, JsonObject body) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(relay.url() + path)).header("Authorization", "Bearer " + key)
        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
  }
}
