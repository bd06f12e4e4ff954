package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RelayExtension.class)
class MessagesApiTest {

  private static final String ADMIN = TestRelay.ADMIN_KEY;
  private static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

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

  // ---- messages in a task ----

  @Test
  void aMessageInATaskGoesToItsOtherParty() {
    JsonObject task = createTask(boss, "worker");
    String taskId = task.getString("task_id");

    Api.Reply reply = api.post("/api/v1/messages", worker, new JsonObject().put("task_id", taskId)
        .put("content", "which logs?").put("metadata", new JsonObject().put("lang", "en")));

    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    JsonObject message = reply.json();
    assertThat(message.getString("message_id")).startsWith("msg_");
    assertThat(message.getString("task_id")).isEqualTo(taskId);
    assertThat(message.getString("context_id")).isEqualTo(task.getString("context_id"));
    assertThat(message.getString("from_agent")).isEqualTo("worker");
    assertThat(message.getString("to_agent")).isEqualTo("boss");
    assertThat(message.getString("role")).isEqualTo("agent");
    assertThat(message.getJsonArray("parts")).isEqualTo(textParts("which logs?"));
    assertThat(message.getJsonObject("metadata")).isEqualTo(new JsonObject().put("lang", "en"));
    assertThat(message.getString("created_at")).matches(TIMESTAMP);

    JsonObject item = onlyItem(boss, "message.new");
    assertThat(item.getString("from_agent")).isEqualTo("worker");
    assertThat(item.getString("task_id")).isEqualTo(taskId);
    assertThat(item.getJsonObject("message").getString("message_id")).isEqualTo(message.getString("message_id"));
    assertThat(item.getJsonObject("message").getString("context_id")).isEqualTo(task.getString("context_id"));
    assertThat(items(worker, "message.new")).isEmpty();
  }

  @Test
  void aJsonBodyMayCarryMediaTypeParametersAnyCaseOrAJsonSuffix() {
    for (String type : List.of("application/json; charset=utf-8", "Application/JSON", "application/vnd.agent+json",
        " application/json ;charset=UTF-8")) {
      Api.Reply reply = api.send(HttpMethod.POST, "/api/v1/messages", boss,
          new JsonObject().put("to_agent", "worker").put("content", type), Map.of("Content-Type", type));
      assertThat(reply.status()).as(type + ": " + reply).isEqualTo(201);
    }
    Api.Reply plain = api.send(HttpMethod.POST, "/api/v1/messages", boss,
        new JsonObject().put("to_agent", "worker").put("content", "x"), Map.of("Content-Type", "text/plain; x=json"));
    assertThat(plain.status()).isEqualTo(415);
  }

  @Test
  void theSendersMessageInATaskGoesToTheReceiver() {
    String taskId = createTask(boss, "worker").getString("task_id");

    Api.Reply reply = api.post("/api/v1/messages", boss, new JsonObject().put("task_id", taskId)
        .put("parts", textParts("the last day")));

    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    assertThat(reply.json().getString("to_agent")).isEqualTo("worker");
    assertThat(onlyItem(worker, "message.new").getString("task_id")).isEqualTo(taskId);
    assertThat(items(boss, "message.new")).isEmpty();
  }

  @Test
  void aTier3ReceiverRepliesToTheSenderWhateverItsCanSendTo() {
    String sandbox = api.register("sandbox", 3, new JsonObject()
        .put("permissions", new JsonObject().put("can_send_to", new JsonArray())));
    String taskId = createTask(boss, "sandbox").getString("task_id");

    Api.Reply reply = api.post("/api/v1/messages", sandbox, new JsonObject().put("task_id", taskId)
        .put("content", "done soon"));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    assertThat(onlyItem(boss, "message.new").getString("task_id")).isEqualTo(taskId);

    Api.Reply direct = api.post("/api/v1/messages", sandbox, new JsonObject().put("to_agent", "boss")
        .put("content", "outside the task"));
    assertProblem(direct, 403, "forbidden");
  }

  @Test
  void aTier2OutsiderCannotMessageATask() {
    String outsider = api.register("outsider", 2);
    String taskId = createTask(boss, "worker").getString("task_id");

    assertProblem(api.post("/api/v1/messages", outsider, new JsonObject().put("task_id", taskId)
        .put("content", "let me in")), 403, "forbidden");
    assertThat(items(boss, "message.new")).isEmpty();
    assertThat(items(worker, "message.new")).isEmpty();
  }

  @Test
  void aClosedTaskTakesNoMessages() {
    for (String terminal : List.of("completed", "failed", "rejected", "cancelled")) {
      String taskId = closedTask(terminal);
      assertProblem(api.post("/api/v1/messages", boss, new JsonObject().put("task_id", taskId)
          .put("content", "too late")), 409, "task_closed");
    }
    assertThat(items(worker, "message.new")).isEmpty();
  }

  @Test
  void aMessageForAnUnknownTaskOrAgentIs404() {
    assertProblem(api.post("/api/v1/messages", boss, new JsonObject().put("task_id", "task_nope")
        .put("content", "x")), 404, "task_not_found");
    assertProblem(api.post("/api/v1/messages", boss, new JsonObject().put("to_agent", "ghost")
        .put("content", "x")), 404, "agent_not_found");
  }

  // ---- direct messages ----

  @Test
  void aDirectMessageHasNoTask() {
    JsonArray parts = new JsonArray().add(new JsonObject().put("kind", "data")
        .put("data", new JsonObject().put("cpu", 0.5)));

    Api.Reply reply = api.post("/api/v1/messages", boss, new JsonObject().put("to_agent", "worker")
        .put("parts", parts));

    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    JsonObject message = reply.json();
    assertThat(message.containsKey("task_id")).isTrue();
    assertThat(message.getValue("task_id")).isNull();
    assertThat(message.getString("from_agent")).isEqualTo("boss");
    assertThat(message.getString("to_agent")).isEqualTo("worker");
    assertThat(message.getString("context_id")).isNotBlank();
    assertThat(message.getJsonArray("parts")).isEqualTo(parts);

    JsonObject item = onlyItem(worker, "message.new");
    assertThat(item.containsKey("task_id")).isTrue();
    assertThat(item.getValue("task_id")).isNull();
    assertThat(item.getString("from_agent")).isEqualTo("boss");
    assertThat(item.getJsonObject("message").getString("message_id")).isEqualTo(message.getString("message_id"));
    assertThat(items(boss, "message.new")).isEmpty();
  }

  @Test
  void aDirectMessageKeepsTheContextItIsGiven() {
    Api.Reply reply = api.post("/api/v1/messages", boss, new JsonObject().put("to_agent", "worker")
        .put("content", "same conversation").put("context_id", "ctx_conversation1"));

    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    assertThat(reply.json().getString("context_id")).isEqualTo("ctx_conversation1");
  }

  @Test
  void aMessageNeedsExactlyOneOfTaskIdAndToAgent() {
    String taskId = createTask(boss, "worker").getString("task_id");

    assertProblem(api.post("/api/v1/messages", boss, new JsonObject().put("task_id", taskId)
        .put("to_agent", "worker").put("content", "both")), 422, null);
    assertProblem(api.post("/api/v1/messages", boss, new JsonObject().put("content", "neither")), 422, null);
    assertThat(items(worker, "message.new")).isEmpty();
  }

  @Test
  void contentAndPartsAreExclusive() {
    assertProblem(api.post("/api/v1/messages", boss, new JsonObject().put("to_agent", "worker")
        .put("content", "one").put("parts", textParts("two"))), 422, null);
    assertProblem(api.post("/api/v1/messages", boss, new JsonObject().put("to_agent", "worker")), 422, null);
    assertThat(items(worker, "message.new")).isEmpty();
  }

  // ---- artifacts ----

  @Test
  void attachesAnArtifactAndTellsTheOtherParty() {
    String taskId = createTask(boss, "worker").getString("task_id");

    Api.Reply reply = api.post(artifactsOf(taskId), worker, new JsonObject().put("name", "summary.md")
        .put("content", "# Summary").put("mime_type", "text/markdown"));

    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    JsonObject artifact = reply.json();
    assertThat(artifact.getString("artifact_id")).startsWith("art_");
    assertThat(artifact.getString("task_id")).isEqualTo(taskId);
    assertThat(artifact.getString("name")).isEqualTo("summary.md");
    assertThat(artifact.getJsonArray("parts")).isEqualTo(textParts("# Summary"));
    assertThat(artifact.getString("created_at")).matches(TIMESTAMP);

    JsonObject item = onlyItem(boss, "artifact.new");
    assertThat(item.getString("from_agent")).isEqualTo("worker");
    assertThat(item.getString("task_id")).isEqualTo(taskId);
    assertThat(item.getJsonObject("artifact").getString("artifact_id"))
        .isEqualTo(artifact.getString("artifact_id"));
    assertThat(items(worker, "artifact.new")).isEmpty();
  }

  @Test
  void onlyPartiesAttachArtifacts() {
    String outsider = api.register("outsider", 2);
    String taskId = createTask(boss, "worker").getString("task_id");

    assertProblem(api.post(artifactsOf(taskId), outsider, artifact("sneaky")), 403, "forbidden");
    assertThat(items(boss, "artifact.new")).isEmpty();
    assertThat(items(worker, "artifact.new")).isEmpty();
    assertThat(api.get("/api/v1/tasks/" + taskId, ADMIN).json().getJsonArray("artifacts")).isEmpty();
  }

  @Test
  void aTier1OutsidersArtifactReachesBothParties() {
    String taskId = createTask(boss, "worker").getString("task_id");

    assertThat(api.post(artifactsOf(taskId), ADMIN, artifact("from admin")).status()).isEqualTo(201);
    assertThat(onlyItem(boss, "artifact.new").getString("from_agent")).isEqualTo("admin");
    assertThat(onlyItem(worker, "artifact.new").getString("from_agent")).isEqualTo("admin");
  }

  @Test
  void aClosedTaskTakesNoArtifacts() {
    for (String terminal : List.of("completed", "failed", "rejected", "cancelled")) {
      String taskId = closedTask(terminal);
      assertProblem(api.post(artifactsOf(taskId), worker, artifact("late")), 409, "task_closed");
    }
    assertThat(items(boss, "artifact.new")).isEmpty();
  }

  @Test
  void anArtifactForAnUnknownTaskIs404() {
    assertProblem(api.post(artifactsOf("task_nope"), worker, artifact("orphan")), 404, "task_not_found");
  }

  // ---- broadcast ----

  @Test
  void aTier1BroadcastReachesEveryoneElse() {
    String picky = api.register("picky", 3, new JsonObject().put("permissions",
        new JsonObject().put("can_read_from", new JsonArray().add("boss"))));

    Api.Reply reply = api.post("/api/v1/broadcast", ADMIN, new JsonObject().put("content", "maintenance at noon")
        .put("metadata", new JsonObject().put("kind", "notice")));

    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    assertThat(reply.json().fieldNames()).containsExactlyInAnyOrder("broadcast_id", "recipients", "deliveries");
    assertThat(reply.json().getInteger("recipients")).isEqualTo(3);
    String broadcastId = reply.json().getString("broadcast_id");
    assertThat(broadcastId).isNotBlank();
    for (String key : List.of(boss, worker, picky)) {
      assertBroadcastItem(onlyItem(key, "broadcast"), "admin", broadcastId, "maintenance at noon");
    }
    assertThat(items(ADMIN, "broadcast")).isEmpty();
  }

  @Test
  void aTier2BroadcastReachesOnlyItsCanSendToThatAcceptIt() {
    String caster = api.register("caster", 2, permissions(List.of("*"), List.of("open", "closed", "fan")));
    String open = api.register("open", 2);
    String closed = api.register("closed", 2, permissions(List.of("someone-else"), List.of("*")));
    String fan = api.register("fan", 3, permissions(List.of("caster"), List.of("*")));

    Api.Reply reply = api.post("/api/v1/broadcast", caster, new JsonObject().put("parts", textParts("hello")));

    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    assertThat(reply.json().getInteger("recipients")).isEqualTo(2);
    String broadcastId = reply.json().getString("broadcast_id");
    assertBroadcastItem(onlyItem(open, "broadcast"), "caster", broadcastId, "hello");
    assertBroadcastItem(onlyItem(fan, "broadcast"), "caster", broadcastId, "hello");
    for (String key : List.of(closed, boss, worker, ADMIN, caster)) {
      assertThat(items(key, "broadcast")).isEmpty();
    }
  }

  @Test
  void aTier3AgentMayNotBroadcast() {
    String sandbox = api.register("sandbox", 3);

    assertProblem(api.post("/api/v1/broadcast", sandbox, new JsonObject().put("content", "hi all")), 403, "forbidden");
    for (String key : List.of(boss, worker, ADMIN)) {
      assertThat(items(key, "broadcast")).isEmpty();
    }
  }

  @Test
  void aBroadcastNeedsContent() {
    assertThat(api.post("/api/v1/broadcast", ADMIN, new JsonObject()).status()).isEqualTo(422);
    assertThat(items(boss, "broadcast")).isEmpty();
  }

  // ---- helpers ----

  private JsonObject createTask(String key, String to) {
    Api.Reply reply = api.post("/api/v1/tasks", key, new JsonObject().put("to_agent", to).put("title", "a task"));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    return reply.json();
  }

  /** A fresh boss-to-worker task closed in {@code terminal} by its receiver (or, for cancelled, its sender). */
  private String closedTask(String terminal) {
    String taskId = createTask(boss, "worker").getString("task_id");
    List<String> steps = switch (terminal) {
      case "completed", "failed" -> List.of("working", terminal);
      default -> List.of(terminal);
    };
    for (String step : steps) {
      String key = step.equals("cancelled") ? boss : worker;
      Api.Reply reply = api.put("/api/v1/tasks/" + taskId, key, new JsonObject().put("status", step));
      assertThat(reply.status()).as(step + ": " + reply).isEqualTo(200);
    }
    return taskId;
  }

  private static String artifactsOf(String taskId) {
    return "/api/v1/tasks/" + taskId + "/artifacts";
  }

  private static JsonObject artifact(String content) {
    return new JsonObject().put("name", "out.txt").put("content", content);
  }

  private static JsonArray textParts(String text) {
    return new JsonArray().add(new JsonObject().put("kind", "text").put("text", text));
  }

  private static JsonObject permissions(List<String> canReadFrom, List<String> canSendTo) {
    return new JsonObject().put("permissions", new JsonObject()
        .put("can_read_from", new JsonArray(new ArrayList<>(canReadFrom)))
        .put("can_send_to", new JsonArray(new ArrayList<>(canSendTo))));
  }

  private static void assertBroadcastItem(JsonObject item, String from, String broadcastId, String text) {
    assertThat(item.getString("from_agent")).isEqualTo(from);
    JsonObject message = item.getJsonObject("message");
    assertThat(message).as("a broadcast item carries its message").isNotNull();
    assertThat(message.getString("message_id")).isEqualTo(broadcastId);
    assertThat(message.getString("from_agent")).isEqualTo(from);
    assertThat(message.getJsonArray("parts")).isEqualTo(textParts(text));
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

  private JsonObject onlyItem(String key, String event) {
    List<JsonObject> found = items(key, event);
    assertThat(found).as(event + " items").hasSize(1);
    return found.get(0);
  }

  private static void assertProblem(Api.Reply reply, int status, String code) {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
    assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
    if (code != null) {
      assertThat(reply.json().getString("code")).as(reply.toString()).isEqualTo(code);
    }
  }
}
