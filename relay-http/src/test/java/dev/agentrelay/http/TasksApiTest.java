package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(RelayExtension.class)
class TasksApiTest {

  private static final String ADMIN = TestRelay.ADMIN_KEY;
  private static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

  private static final List<String> STATUSES = List.of("submitted", "accepted", "working", "input_needed",
      "completed", "failed", "rejected", "cancelled");
  private static final List<String> TERMINAL = List.of("completed", "failed", "rejected", "cancelled");

  /** The lifecycle table of API.md. */
  private static final Map<String, Set<String>> LEGAL = Map.of(
      "submitted", Set.of("accepted", "working", "rejected", "cancelled"),
      "accepted", Set.of("working", "rejected", "cancelled"),
      "working", Set.of("input_needed", "completed", "failed", "cancelled"),
      "input_needed", Set.of("working", "completed", "failed", "cancelled"),
      "completed", Set.of(),
      "failed", Set.of(),
      "rejected", Set.of(),
      "cancelled", Set.of());

  /** Legal moves (by the receiver) that bring a fresh task into each status. */
  private static final Map<String, List<String>> PATH = Map.of(
      "submitted", List.of(),
      "accepted", List.of("accepted"),
      "working", List.of("working"),
      "input_needed", List.of("working", "input_needed"),
      "completed", List.of("working", "completed"),
      "failed", List.of("working", "failed"),
      "rejected", List.of("rejected"),
      "cancelled", List.of("cancelled"));

  @TempDir
  java.nio.file.Path dir;
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

  // ---- creating ----

  @Test
  void createsATaskWithEveryFieldOfTheContract() {
    JsonArray parts = new JsonArray()
        .add(new JsonObject().put("kind", "text").put("text", "read the logs"))
        .add(new JsonObject().put("kind", "data").put("data", new JsonObject().put("hours", 24)))
        .add(new JsonObject().put("kind", "file").put("file", new JsonObject().put("name", "log.txt")
            .put("mime_type", "text/plain").put("uri", "https://example.com/log.txt")))
        .add(new JsonObject().put("kind", "file").put("file", new JsonObject().put("name", "tiny.bin")
            .put("mime_type", "application/octet-stream").put("bytes", "aGVsbG8=")));
    JsonObject metadata = new JsonObject().put("ticket", "OPS-7").put("nested", new JsonObject().put("n", 1));

    Api.Reply reply = api.post("/api/v1/tasks", boss, new JsonObject().put("to_agent", "worker")
        .put("title", "Summarise").put("description", "the last day").put("priority", "high")
        .put("due_by", "2026-11-24T23:31:05+01:00").put("metadata", metadata).put("parts", parts));

    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    JsonObject task = reply.json();
    assertThat(task.getString("task_id")).startsWith("task_");
    assertThat(task.getString("context_id")).isNotBlank();
    assertThat(task.getString("from_agent")).isEqualTo("boss");
    assertThat(task.getString("to_agent")).isEqualTo("worker");
    assertThat(task.getString("title")).isEqualTo("Summarise");
    assertThat(task.getString("description")).isEqualTo("the last day");
    assertThat(task.getJsonArray("parts")).isEqualTo(parts);
    assertThat(task.getString("status")).isEqualTo("submitted");
    assertThat(task.getString("priority")).isEqualTo("high");
    assertThat(task.getString("due_by")).isEqualTo("2026-11-24T22:31:05.000Z");
    assertThat(task.getJsonObject("metadata")).isEqualTo(metadata);
    assertThat(task.getString("created_at")).matches(TIMESTAMP);
    assertThat(task.getString("updated_at")).matches(TIMESTAMP);

    JsonObject stored = getTask(boss, task.getString("task_id"));
    assertThat(stored.getJsonArray("parts")).isEqualTo(parts);
    assertThat(stored.getString("due_by")).isEqualTo("2026-11-24T22:31:05.000Z");
    assertThat(stored.getJsonObject("metadata")).isEqualTo(metadata);
  }

  @Test
  void contentBecomesOneTextPartAndPriorityDefaultsToNormal() {
    Api.Reply reply = api.post("/api/v1/tasks", boss, new JsonObject().put("to_agent", "worker")
        .put("title", "Short").put("content", "just this"));

    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    assertThat(reply.json().getJsonArray("parts"))
        .isEqualTo(new JsonArray().add(new JsonObject().put("kind", "text").put("text", "just this")));
    assertThat(reply.json().getString("priority")).isEqualTo("normal");
    assertThat(reply.json().getString("status")).isEqualTo("submitted");
  }

  @Test
  void creatingATaskDeliversTaskCreatedToTheReceiver() {
    String taskId = api.createTask(boss, "worker", "Deliver me");

    List<JsonObject> created = items(worker, "task.created");
    assertThat(created).hasSize(1);
    assertThat(created.get(0).getString("task_id")).isEqualTo(taskId);
    assertThat(created.get(0).getString("from_agent")).isEqualTo("boss");
    assertThat(items(boss, "task.created")).isEmpty();
  }

  @Test
  void aTaskForAnUnknownAgentIs404() {
    Api.Reply reply = api.post("/api/v1/tasks", boss, new JsonObject().put("to_agent", "ghost").put("title", "x"));

    assertProblem(reply, 404, "agent_not_found");
    assertThat(listIds(ADMIN, "")).isEmpty();
  }

  // ---- listing ----

  @Test
  void listFiltersByToFromAndStatus() {
    api.register("other", 2);
    String toWorker = api.createTask(boss, "worker", "a");
    String toBoss = api.createTask(worker, "boss", "b");
    String toOther = api.createTask(boss, "other", "c");
    move(boss, toBoss, "accepted");

    assertThat(listIds(ADMIN, "to=worker")).containsExactly(toWorker);
    assertThat(listIds(ADMIN, "from=boss")).containsExactly(toOther, toWorker);
    assertThat(listIds(ADMIN, "from=worker")).containsExactly(toBoss);
    assertThat(listIds(ADMIN, "status=accepted")).containsExactly(toBoss);
    assertThat(listIds(ADMIN, "status=submitted")).containsExactly(toOther, toWorker);
    assertThat(listIds(ADMIN, "from=boss&status=submitted&to=other")).containsExactly(toOther);
    assertThat(listIds(ADMIN, "status=completed")).isEmpty();
    assertThat(api.get("/api/v1/tasks?status=sleeping", ADMIN).status()).isEqualTo(422);
  }

  @Test
  void sinceFiltersByUpdatedAt() {
    String oldest = api.createTask(boss, "worker", "created first, moved last");
    String middle = api.createTask(boss, "worker", "b");
    String newest = api.createTask(boss, "worker", "c");
    String since = move(worker, oldest, "working").json().getString("updated_at");

    List<String> expected = new ArrayList<>();
    for (JsonObject task : list(ADMIN, "")) {
      if (task.getString("updated_at").compareTo(since) >= 0) {
        expected.add(task.getString("task_id"));
      }
    }
    assertThat(listIds(ADMIN, "since=" + encode(since))).contains(oldest).isEqualTo(expected);
    assertThat(listIds(ADMIN, "since=" + encode("2000-01-01T00:00:00.000Z")))
        .containsExactly(newest, middle, oldest);
    assertThat(listIds(ADMIN, "since=" + encode("2999-01-01T00:00:00.000Z"))).isEmpty();
    assertThat(api.get("/api/v1/tasks?since=yesterday", ADMIN).status()).isEqualTo(400);
  }

  @Test
  void cursorsWalkEveryTaskOnceNewestFirst() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      created.add(api.createTask(boss, "worker", "task " + i));
    }
    Collections.reverse(created);

    List<String> walked = new ArrayList<>();
    List<Integer> pageSizes = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < 10; page++) {
      Api.Reply reply = api.get("/api/v1/tasks?limit=3" + (cursor == null ? "" : "&cursor=" + encode(cursor)), boss);
      assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
      JsonArray tasks = reply.array("tasks");
      pageSizes.add(tasks.size());
      tasks.forEach(t -> walked.add(((JsonObject) t).getString("task_id")));
      assertThat(reply.json().containsKey("next_cursor")).isTrue();
      cursor = reply.json().getString("next_cursor");
      if (cursor == null) {
        break;
      }
    }

    assertThat(cursor).as("the walk ends with a null next_cursor").isNull();
    assertThat(walked).containsExactlyElementsOf(created);
    assertThat(pageSizes.subList(0, 2)).containsExactly(3, 3);
  }

  @Test
  void listRefusesALimitOutOfRangeAndAForgedCursor() {
    assertThat(api.get("/api/v1/tasks?limit=201", ADMIN).status()).isEqualTo(400);
    assertThat(api.get("/api/v1/tasks?limit=0", ADMIN).status()).isEqualTo(400);
    assertThat(api.get("/api/v1/tasks?limit=200", ADMIN).status()).isEqualTo(200);
    assertThat(api.get("/api/v1/tasks?cursor=not-a-cursor", ADMIN).status()).isEqualTo(400);
  }

  @Test
  void tiers2And3SeeOnlyTheirOwnTasks() {
    String sandbox = api.register("sandbox", 3);
    api.register("other", 2);
    String bossToWorker = api.createTask(boss, "worker", "a");
    String workerToBoss = api.createTask(worker, "boss", "b");
    String adminToSandbox = api.createTask(ADMIN, "sandbox", "c");
    String sandboxToOther = api.createTask(sandbox, "other", "d");
    String adminToOther = api.createTask(ADMIN, "other", "e");

    assertThat(listIds(boss, "")).containsExactly(workerToBoss, bossToWorker);
    assertThat(listIds(worker, "")).containsExactly(workerToBoss, bossToWorker);
    assertThat(listIds(sandbox, "")).containsExactly(sandboxToOther, adminToSandbox);
    assertThat(listIds(boss, "to=other")).isEmpty();
    assertThat(listIds(sandbox, "to=other")).containsExactly(sandboxToOther);
    assertThat(listIds(ADMIN, "")).containsExactly(adminToOther, sandboxToOther, adminToSandbox, workerToBoss,
        bossToWorker);
  }

  // ---- reading one ----

  @Test
  void aTaskIsReadWithItsMessagesAndArtifacts() {
    String taskId = api.createTask(boss, "worker", "Threaded");
    JsonObject fresh = getTask(worker, taskId);
    assertThat(fresh.getJsonArray("messages")).isEmpty();
    assertThat(fresh.getJsonArray("artifacts")).isEmpty();

    assertThat(api.post("/api/v1/messages", worker, new JsonObject().put("task_id", taskId)
        .put("content", "a question")).status()).isEqualTo(201);
    assertThat(api.post("/api/v1/tasks/" + taskId + "/artifacts", worker, new JsonObject().put("name", "out.txt")
        .put("content", "the answer")).status()).isEqualTo(201);

    JsonObject task = getTask(boss, taskId);
    assertThat(task.getString("task_id")).isEqualTo(taskId);
    assertThat(task.getJsonArray("messages")).hasSize(1);
    assertThat(task.getJsonArray("messages").getJsonObject(0).getString("from_agent")).isEqualTo("worker");
    assertThat(task.getJsonArray("artifacts")).hasSize(1);
    assertThat(task.getJsonArray("artifacts").getJsonObject(0).getString("name")).isEqualTo("out.txt");
  }

  @Test
  void anUnknownTaskIs404() {
    assertProblem(api.get("/api/v1/tasks/task_doesnotexist", ADMIN), 404, "task_not_found");
    assertProblem(api.put("/api/v1/tasks/task_doesnotexist", worker, status("working")), 404, "task_not_found");
  }

  @Test
  void aTier2AgentThatIsNotAPartyCannotReadOrMoveTheTask() {
    String outsider = api.register("outsider", 2);
    String taskId = api.createTask(boss, "worker", "Private");

    assertThat(api.get("/api/v1/tasks/" + taskId, outsider).status()).isEqualTo(403);
    assertThat(api.put("/api/v1/tasks/" + taskId, outsider, status("working")).status()).isEqualTo(403);
    assertThat(statusOf(taskId)).isEqualTo("submitted");
  }

  // ---- the lifecycle ----

  @TestFactory
  Stream<DynamicTest> everyPairOfStatusesFollowsTheLifecycleTable() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String from : STATUSES) {
      for (String to : STATUSES) {
        boolean legal = LEGAL.get(from).contains(to);
        tests.add(dynamicTest(from + " -> " + to + (legal ? " is allowed" : " is 409"),
            () -> checkMove(from, to, legal)));
      }
    }
    return tests.stream();
  }

  private void checkMove(String from, String to, boolean legal) {
    String taskId = taskIn(from);
    Api.Reply reply = move(worker, taskId, to);
    if (legal) {
      assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
      assertThat(reply.json().getString("status")).isEqualTo(to);
      assertThat(statusOf(taskId)).isEqualTo(to);
    } else {
      assertProblem(reply, 409, "invalid_transition");
      assertThat(statusOf(taskId)).isEqualTo(from);
    }
  }

  @Test
  void terminalStatesAreFrozenForEveryone() {
    for (String terminal : TERMINAL) {
      String taskId = taskIn(terminal);
      for (String key : List.of(worker, boss, ADMIN)) {
        for (String to : STATUSES) {
          assertProblem(move(key, taskId, to), 409, "invalid_transition");
        }
      }
      assertThat(statusOf(taskId)).as(terminal).isEqualTo(terminal);
    }
  }

  @Test
  void senderMayOnlyCancel() {
    String submitted = api.createTask(boss, "worker", "sender tries");
    for (String to : List.of("accepted", "working", "rejected")) {
      assertProblem(move(boss, submitted, to), 403, "forbidden");
    }
    String working = taskIn("working");
    for (String to : List.of("input_needed", "completed", "failed")) {
      assertProblem(move(boss, working, to), 403, "forbidden");
    }
    assertThat(statusOf(submitted)).isEqualTo("submitted");
    assertThat(statusOf(working)).isEqualTo("working");

    Api.Reply cancel = move(boss, working, "cancelled");
    assertThat(cancel.status()).as(cancel.toString()).isEqualTo(200);
    assertThat(statusOf(working)).isEqualTo("cancelled");
  }

  @Test
  void theSendersIllegalMoveIs409Not403() {
    String taskId = api.createTask(boss, "worker", "illegal either way");
    assertProblem(move(boss, taskId, "completed"), 409, "invalid_transition");
  }

  @Test
  void aTier1NonPartyMayMakeAnyLegalMove() {
    String taskId = api.createTask(boss, "worker", "admin drives");
    for (String to : List.of("accepted", "working", "input_needed", "working", "completed")) {
      Api.Reply reply = move(ADMIN, taskId, to);
      assertThat(reply.status()).as(to + ": " + reply).isEqualTo(200);
      assertThat(reply.json().getString("status")).isEqualTo(to);
    }
    String other = api.createTask(boss, "worker", "admin rejects");
    assertThat(move(ADMIN, other, "rejected").status()).isEqualTo(200);
  }

  @Test
  void anUnknownStatusIs422() {
    String taskId = api.createTask(boss, "worker", "bad word");
    assertThat(move(worker, taskId, "done").status()).isEqualTo(422);
    assertThat(statusOf(taskId)).isEqualTo("submitted");
  }

  @Test
  void aMoveWithAMessageAddsATextMessageToTheThread() {
    String taskId = api.createTask(boss, "worker", "with a note");
    Api.Reply reply = api.put("/api/v1/tasks/" + taskId, worker,
        new JsonObject().put("status", "working").put("message", "on it"));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);

    JsonObject task = getTask(boss, taskId);
    JsonArray messages = task.getJsonArray("messages");
    assertThat(messages).hasSize(1);
    JsonObject note = messages.getJsonObject(0);
    assertThat(note.getString("message_id")).startsWith("msg_");
    assertThat(note.getString("task_id")).isEqualTo(taskId);
    assertThat(note.getString("context_id")).isEqualTo(task.getString("context_id"));
    assertThat(note.getString("from_agent")).isEqualTo("worker");
    assertThat(note.getString("to_agent")).isEqualTo("boss");
    assertThat(note.getJsonArray("parts"))
        .isEqualTo(new JsonArray().add(new JsonObject().put("kind", "text").put("text", "on it")));

    assertThat(move(worker, taskId, "input_needed").status()).isEqualTo(200);
    assertThat(getTask(boss, taskId).getJsonArray("messages")).as("a move without a message adds none").hasSize(1);
  }

  @Test
  void eachMoveNotifiesTheOtherPartyButNotTheMover() {
    String taskId = api.createTask(boss, "worker", "notify");

    assertThat(move(worker, taskId, "working").status()).isEqualTo(200);
    List<JsonObject> toBoss = items(boss, "task.updated");
    assertThat(toBoss).hasSize(1);
    assertThat(toBoss.get(0).getString("from_agent")).isEqualTo("worker");
    assertThat(toBoss.get(0).getString("task_id")).isEqualTo(taskId);
    assertThat(toBoss.get(0).getJsonObject("task").getString("status")).isEqualTo("working");
    assertThat(items(worker, "task.updated")).isEmpty();

    assertThat(move(boss, taskId, "cancelled").status()).isEqualTo(200);
    List<JsonObject> toWorker = items(worker, "task.updated");
    assertThat(toWorker).hasSize(1);
    assertThat(toWorker.get(0).getString("from_agent")).isEqualTo("boss");
    assertThat(toWorker.get(0).getString("task_id")).isEqualTo(taskId);
    assertThat(toWorker.get(0).getJsonObject("task").getString("status")).isEqualTo("cancelled");
    assertThat(items(boss, "task.updated")).hasSize(1);
  }

  @Test
  void aRefusedMoveNotifiesNobody() {
    String taskId = api.createTask(boss, "worker", "quiet");
    assertThat(move(boss, taskId, "working").status()).isEqualTo(403);
    assertThat(move(worker, taskId, "completed").status()).isEqualTo(409);
    assertThat(items(boss, "task.updated")).isEmpty();
    assertThat(items(worker, "task.updated")).isEmpty();
  }

  @Test
  void aTier1NonPartysMoveNotifiesBothParties() {
    String taskId = api.createTask(boss, "worker", "admin moves");
    assertThat(move(ADMIN, taskId, "accepted").status()).isEqualTo(200);

    for (String key : List.of(boss, worker)) {
      List<JsonObject> updates = items(key, "task.updated");
      assertThat(updates).hasSize(1);
      assertThat(updates.get(0).getString("from_agent")).isEqualTo("admin");
    }
    assertThat(items(ADMIN, "task.updated")).isEmpty();
  }

  // ---- helpers ----

  /** A fresh boss-to-worker task brought into {@code status} by the receiver's legal moves. */
  private String taskIn(String status) {
    String taskId = api.createTask(boss, "worker", "into " + status);
    for (String step : PATH.get(status)) {
      Api.Reply reply = move(worker, taskId, step);
      assertThat(reply.status()).as("driving to " + status + ": " + step + " " + reply).isEqualTo(200);
    }
    assertThat(statusOf(taskId)).isEqualTo(status);
    return taskId;
  }

  private Api.Reply move(String key, String taskId, String to) {
    return api.put("/api/v1/tasks/" + taskId, key, status(to));
  }

  private static JsonObject status(String to) {
    return new JsonObject().put("status", to);
  }

  private String statusOf(String taskId) {
    return getTask(ADMIN, taskId).getString("status");
  }

  private JsonObject getTask(String key, String taskId) {
    Api.Reply reply = api.get("/api/v1/tasks/" + taskId, key);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.json();
  }

  private List<JsonObject> list(String key, String query) {
    Api.Reply reply = api.get("/api/v1/tasks?limit=200" + (query.isEmpty() ? "" : "&" + query), key);
    assertThat(reply.status()).as(query + ": " + reply).isEqualTo(200);
    List<JsonObject> tasks = new ArrayList<>();
    reply.array("tasks").forEach(t -> tasks.add((JsonObject) t));
    return tasks;
  }

  private List<String> listIds(String key, String query) {
    return list(key, query).stream().map(t -> t.getString("task_id")).toList();
  }

  /** The unacknowledged inbox items of the key's agent with this event name. */
  private List<JsonObject> items(String key, String event) {
    List<JsonObject> found = new ArrayList<>();
    api.inbox(key).getJsonArray("items").forEach(i -> {
      JsonObject item = (JsonObject) i;
      if (event.equals(item.getString("event"))) {
        found.add(item);
      }
    });
    return found;
  }

  private static void assertProblem(Api.Reply reply, int status, String code) {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
    assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(reply.json().getString("code")).as(reply.toString()).isEqualTo(code);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
