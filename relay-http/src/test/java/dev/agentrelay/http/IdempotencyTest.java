package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Idempotency-Key convention of API.md: a retry with the same key, from the same agent, replays the
 * first answer (same status, same body, {@code Idempotent-Replayed: true}) and creates nothing new.
 */
@ExtendWith(RelayExtension.class)
class IdempotencyTest {

  private static final String ADMIN = TestRelay.ADMIN_KEY;
  private static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private static final String REPLAYED = "Idempotent-Replayed";

  TestRelay relay;
  Api api;
  String boss;
  String worker;

  @BeforeEach
  void start(TestRelay relay) {
    this.relay = relay;
    api = relay.api();
    boss = api.register("boss", 2);
    worker = api.register("worker", 2);
  }

  @Test
  void retryingATaskWithTheSameKeyReplaysTheFirstAnswerAndCreatesNoSecondTask() {
    JsonObject body = task("worker", "summarise the logs");
    Api.Reply first = postWithKey("/api/v1/tasks", boss, body, "task-key-1");
    Api.Reply retry = postWithKey("/api/v1/tasks", boss, body, "task-key-1");

    assertFreshThenReplayed(first, retry);
    assertThat(retry.json().getString("task_id")).isEqualTo(first.json().getString("task_id"));
    assertThat(allTaskIds()).containsExactly(first.json().getString("task_id"));
    assertThat(events(api.inbox(worker))).containsExactly("task.created");
  }

  @Test
  void retryingADirectMessageWithTheSameKeyReplaysTheFirstAnswerAndDeliversOnce() {
    JsonObject body = new JsonObject().put("to_agent", "worker").put("content", "ping");
    Api.Reply first = postWithKey("/api/v1/messages", boss, body, "msg-key-1");
    Api.Reply retry = postWithKey("/api/v1/messages", boss, body, "msg-key-1");

    assertFreshThenReplayed(first, retry);
    assertThat(retry.json().getString("message_id")).isEqualTo(first.json().getString("message_id"));
    JsonObject inbox = api.inbox(worker);
    assertThat(events(inbox)).containsExactly("message.new");
    assertThat(inbox.getJsonArray("items").getJsonObject(0).getJsonObject("message").getString("message_id"))
        .isEqualTo(first.json().getString("message_id"));
  }

  @Test
  void retryingAMessageInATaskWithTheSameKeyAddsOneMessageToTheThread() {
    String taskId = api.createTask(boss, "worker", "job");
    JsonObject body = new JsonObject().put("task_id", taskId).put("content", "progress");
    Api.Reply first = postWithKey("/api/v1/messages", worker, body, "reply-1");
    Api.Reply retry = postWithKey("/api/v1/messages", worker, body, "reply-1");

    assertFreshThenReplayed(first, retry);
    assertThat(api.get("/api/v1/tasks/" + taskId, ADMIN).json().getJsonArray("messages")).hasSize(1);
    assertThat(events(api.inbox(boss))).containsExactly("message.new");
  }

  @Test
  void retryingABroadcastWithTheSameKeyReplaysTheFirstAnswerAndDeliversOnce() {
    JsonObject body = new JsonObject().put("content", "maintenance at noon");
    Api.Reply first = postWithKey("/api/v1/broadcast", ADMIN, body, "bcast-1");
    Api.Reply retry = postWithKey("/api/v1/broadcast", ADMIN, body, "bcast-1");

    assertFreshThenReplayed(first, retry);
    assertThat(first.json().getInteger("recipients")).isEqualTo(2);
    assertThat(retry.json().getString("broadcast_id")).isEqualTo(first.json().getString("broadcast_id"));
    assertThat(events(api.inbox(worker))).containsExactly("broadcast");
    assertThat(events(api.inbox(boss))).containsExactly("broadcast");
  }

  @Test
  void retryingAnArtifactWithTheSameKeyReplaysTheFirstAnswerAndAttachesOnce() {
    String taskId = api.createTask(boss, "worker", "job");
    JsonObject body = new JsonObject().put("name", "out.txt").put("content", "result").put("mime_type", "text/plain");
    String path = "/api/v1/tasks/" + taskId + "/artifacts";
    Api.Reply first = postWithKey(path, worker, body, "art-1");
    Api.Reply retry = postWithKey(path, worker, body, "art-1");

    assertFreshThenReplayed(first, retry);
    assertThat(retry.json().getString("artifact_id")).isEqualTo(first.json().getString("artifact_id"));
    assertThat(api.get("/api/v1/tasks/" + taskId, ADMIN).json().getJsonArray("artifacts")).hasSize(1);
    assertThat(events(api.inbox(boss))).containsExactly("artifact.new");
  }

  @Test
  void aReplayAnswersTheFirstResponseEvenAfterTheTaskHasMoved() {
    JsonObject body = task("worker", "job");
    Api.Reply first = postWithKey("/api/v1/tasks", boss, body, "k");
    String taskId = first.json().getString("task_id");
    assertThat(api.put("/api/v1/tasks/" + taskId, worker, new JsonObject().put("status", "working")).status())
        .isEqualTo(200);

    Api.Reply retry = postWithKey("/api/v1/tasks", boss, body, "k");
    assertFreshThenReplayed(first, retry);
    assertThat(retry.json().getString("status")).isEqualTo("submitted");
    assertThat(allTaskIds()).containsExactly(taskId);
  }

  @Test
  void theSameKeyWithADifferentBodyIsRefusedAndCreatesNothing() {
    Api.Reply first = postWithKey("/api/v1/tasks", boss, task("worker", "one"), "reused");
    assertThat(first.status()).as(first.toString()).isEqualTo(201);

    Api.Reply other = postWithKey("/api/v1/tasks", boss, task("worker", "two"), "reused");
    assertProblem(other, 422, "idempotency_key_reused");
    assertThat(other.header(REPLAYED)).isNull();
    assertThat(allTaskIds()).containsExactly(first.json().getString("task_id"));
    assertThat(events(api.inbox(worker))).containsExactly("task.created");
  }

  @Test
  void theSameKeyOnADifferentPathIsRefusedAndCreatesNothing() {
    Api.Reply first = postWithKey("/api/v1/messages", boss,
        new JsonObject().put("to_agent", "worker").put("content", "x"), "shared");
    assertThat(first.status()).as(first.toString()).isEqualTo(201);

    Api.Reply other = postWithKey("/api/v1/broadcast", boss, new JsonObject().put("content", "x"), "shared");
    assertProblem(other, 422, "idempotency_key_reused");
    assertThat(events(api.inbox(worker))).containsExactly("message.new");
  }

  @Test
  void theSameKeyFromTwoAgentsCreatesTwoIndependentTasks() {
    JsonObject body = task("worker", "same words");
    Api.Reply fromBoss = postWithKey("/api/v1/tasks", boss, body, "common-key");
    Api.Reply fromAdmin = postWithKey("/api/v1/tasks", ADMIN, body, "common-key");

    assertThat(fromBoss.status()).as(fromBoss.toString()).isEqualTo(201);
    assertThat(fromAdmin.status()).as(fromAdmin.toString()).isEqualTo(201);
    assertThat(fromBoss.header(REPLAYED)).isNull();
    assertThat(fromAdmin.header(REPLAYED)).isNull();
    assertThat(fromAdmin.json().getString("task_id")).isNotEqualTo(fromBoss.json().getString("task_id"));
    assertThat(fromAdmin.json().getString("from_agent")).isEqualTo("admin");
    assertThat(allTaskIds()).hasSize(2);
    assertThat(events(api.inbox(worker))).containsExactly("task.created", "task.created");
  }

  @ParameterizedTest(name = "key \"{0}\"")
  @ValueSource(strings = {"", "has space", "tab\there", "caf\u00e9"})
  void aMalformedKeyIsRefusedWith400AndCreatesNothing(String badKey) {
    Api.Reply reply = postWithKey("/api/v1/tasks", boss, task("worker", "job"), badKey);
    assertProblem(reply, 400, null);
    assertThat(allTaskIds()).isEmpty();
    assertThat(events(api.inbox(worker))).isEmpty();
  }

  @Test
  void aKeyLongerThan255CharactersIsRefusedWith400() {
    Api.Reply reply = postWithKey("/api/v1/tasks", boss, task("worker", "job"), "k".repeat(256));
    assertProblem(reply, 400, null);
    assertThat(allTaskIds()).isEmpty();
  }

  @Test
  void aKeyOf255CharactersIsAccepted() {
    String longest = "k".repeat(255);
    Api.Reply first = postWithKey("/api/v1/tasks", boss, task("worker", "job"), longest);
    Api.Reply retry = postWithKey("/api/v1/tasks", boss, task("worker", "job"), longest);
    assertFreshThenReplayed(first, retry);
    assertThat(allTaskIds()).hasSize(1);
  }

  @Test
  void aFailedRequestIsNotStoredSoARetryAfterFixingTheCauseSucceeds() {
    JsonObject body = task("latecomer", "job");
    Api.Reply failed = postWithKey("/api/v1/tasks", boss, body, "retry-me");
    assertProblem(failed, 404, "agent_not_found");

    String latecomer = api.register("latecomer", 2);
    Api.Reply retry = postWithKey("/api/v1/tasks", boss, body, "retry-me");
    assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
    assertThat(retry.header(REPLAYED)).isNull();
    assertThat(allTaskIds()).containsExactly(retry.json().getString("task_id"));
    assertThat(events(api.inbox(latecomer))).containsExactly("task.created");

    Api.Reply again = postWithKey("/api/v1/tasks", boss, body, "retry-me");
    assertFreshThenReplayed(retry, again);
  }

  @Test
  void requestsWithoutAKeyAreNeverReplayed() {
    JsonObject body = task("worker", "job");
    Api.Reply first = api.post("/api/v1/tasks", boss, body);
    Api.Reply second = api.post("/api/v1/tasks", boss, body);
    assertThat(first.status()).isEqualTo(201);
    assertThat(second.status()).isEqualTo(201);
    assertThat(second.header(REPLAYED)).isNull();
    assertThat(allTaskIds()).hasSize(2);
  }

  @Test
  void anIdempotentAnswerSurvivesARestart() {
    JsonObject body = task("worker", "durable");
    Api.Reply first = postWithKey("/api/v1/tasks", boss, body, "before-restart");
    assertThat(first.status()).as(first.toString()).isEqualTo(201);

    relay.restart();
    api = relay.api();

    Api.Reply retry = postWithKey("/api/v1/tasks", boss, body, "before-restart");
    assertFreshThenReplayed(first, retry);
    assertThat(allTaskIds()).containsExactly(first.json().getString("task_id"));
    assertThat(events(api.inbox(worker))).containsExactly("task.created");

    Api.Reply reused = postWithKey("/api/v1/tasks", boss, task("worker", "different"), "before-restart");
    assertProblem(reused, 422, "idempotency_key_reused");
  }

  // ---------------------------------------------------------------- helpers

  private Api.Reply postWithKey(String path, String key, JsonObject body, String idempotencyKey) {
    return api.send(HttpMethod.POST, path, key, body, Map.of(IDEMPOTENCY_KEY, idempotencyKey));
  }

  /** The first answer is a fresh 201; the retry is the same status and body, marked as replayed. */
  private static void assertFreshThenReplayed(Api.Reply first, Api.Reply retry) {
    assertThat(first.status()).as(first.toString()).isEqualTo(201);
    assertThat(first.header(REPLAYED)).isNull();
    assertThat(retry.status()).as(retry.toString()).isEqualTo(first.status());
    assertThat(retry.header(REPLAYED)).isEqualTo("true");
    assertThat(retry.header("Content-Type")).startsWith("application/json");
    assertThat(retry.json()).isEqualTo(first.json());
  }

  private static void assertProblem(Api.Reply reply, int status, String code) {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
    assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
    assertThat(reply.json().getInteger("status")).isEqualTo(status);
    if (code != null) {
      assertThat(reply.json().getString("code")).isEqualTo(code);
    }
  }

  private static JsonObject task(String to, String title) {
    return new JsonObject().put("to_agent", to).put("title", title).put("content", "details");
  }

  private List<String> allTaskIds() {
    Api.Reply reply = api.get("/api/v1/tasks?limit=200", ADMIN);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.array("tasks").stream().map(t -> ((JsonObject) t).getString("task_id")).toList();
  }

  private static List<String> events(JsonObject inbox) {
    return inbox.getJsonArray("items").stream().map(i -> ((JsonObject) i).getString("event")).toList();
  }
}
