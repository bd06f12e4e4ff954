package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The JSON-RPC binding of A2A at /a2a/{agent_id}, against a relay on a temporary SQLite file. */
@ExtendWith(VertxExtension.class)
class A2aJsonRpcTest {

  @TempDir
  java.nio.file.Path dir;
  TestRelay relay;
  Api api;
  A2aCalls a2a;
  String caller;
  String worker;
  String sandbox;

  @BeforeEach
  void start(Vertx vertx) {
    relay = TestRelay.start(vertx, dir);
    api = relay.api();
    JsonObject sendsToWorker = new JsonObject().put("permissions",
        new JsonObject().put("can_send_to", new JsonArray().add("worker")));
    worker = api.register("worker", 2, new JsonObject().put("name", "Worker").put("description", "does the work")
        .put("version", "2.1.0").put("capabilities", new JsonArray().add("summarise").add("translate")));
    caller = api.register("caller", 2, sendsToWorker);
    sandbox = api.register("sandbox", 3, sendsToWorker);
    api.register("other", 2);
    a2a = new A2aCalls(relay.port());
  }

  @AfterEach
  void stop() {
    relay.stop();
  }

  // ---- agent card ----

  @Test
  void servesTheAgentCardWithoutAKey() {
    A2aCalls.Reply reply = a2a.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
        "http://127.0.0.1:" + relay.port() + "/a2a/worker/.well-known/agent-card.json")).GET(), null, null);

    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(reply.response().headers().firstValue("Cache-Control").orElse("")).contains("max-age=");
    assertThat(reply.response().headers().firstValue("ETag")).isPresent();
    JsonObject card = reply.json();
    assertThat(card.getString("name")).isEqualTo("Worker");
    assertThat(card.getString("description")).startsWith("does the work");
    assertThat(card.getString("version")).isEqualTo("2.1.0");
    assertThat(card.getJsonObject("capabilities").getBoolean("streaming")).isTrue();
    assertThat(card.getJsonObject("capabilities").getBoolean("pushNotifications")).isTrue();
    String base = "http://127.0.0.1:" + relay.port() + "/a2a/worker";
    assertThat(card.getJsonArray("supportedInterfaces").stream().map(JsonObject.class::cast)
        .map(i -> i.getString("protocolBinding") + " " + i.getString("url") + " " + i.getString("protocolVersion")))
        .containsExactly("JSONRPC " + base + " 1.0", "HTTP+JSON " + base + "/v1 1.0");
    assertThat(card.getJsonObject("securitySchemes").getJsonObject("relayKey")
        .getJsonObject("httpAuthSecurityScheme").getString("scheme")).isEqualTo("Bearer");
    assertThat(card.getJsonArray("skills").stream().map(JsonObject.class::cast).map(s -> s.getString("id")))
        .containsExactly("summarise", "translate");
  }

  @Test
  void answersTheCardAgainWith304ForItsEtag() {
    A2aCalls.Reply first = a2a.get(null, "/a2a/worker/.well-known/agent-card.json");
    String etag = first.response().headers().firstValue("ETag").orElseThrow();

    A2aCalls.Reply again = a2a.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
        + relay.port() + "/a2a/worker/.well-known/agent-card.json")).header("If-None-Match", etag).GET(), null, null);

    assertThat(again.status()).isEqualTo(304);
  }

  @Test
  void anUnknownAgentHasNoCard() {
    A2aCalls.Reply reply = a2a.get(null, "/a2a/nobody/.well-known/agent-card.json");

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.contentType()).startsWith("application/problem+json");
    assertThat(reply.json().getString("code")).isEqualTo("agent_not_found");
  }

  // ---- SendMessage ----

  @Test
  void sendMessageToAnOfflineAgentAnswersASubmittedTaskAtOnce() {
    String text = "x".repeat(130);
    JsonObject result = a2a.result(caller, "worker", "SendMessage",
        A2aCalls.sendParams(A2aCalls.message("m-1", text), true));

    JsonObject task = result.getJsonObject("task");
    assertThat(task.getJsonObject("status").getString("state")).isEqualTo("TASK_STATE_SUBMITTED");
    JsonObject stored = api.get("/api/v1/tasks/" + task.getString("id"), TestRelay.ADMIN_KEY).json();
    assertThat(stored.getString("from_agent")).isEqualTo("caller");
    assertThat(stored.getString("to_agent")).isEqualTo("worker");
    assertThat(stored.getString("title")).isEqualTo("x".repeat(120));
    assertThat(stored.getString("context_id")).isEqualTo(task.getString("contextId"));
    assertThat(api.inbox(worker).getJsonArray("items")).hasSize(1);
  }

  @Test
  void blockingSendMessageAnswersOnceTheAgentCompletesTheTask() {
    CompletableFuture<JsonObject> answer = CompletableFuture.supplyAsync(() -> a2a.result(caller, "worker",
        "SendMessage", new JsonObject().put("message", A2aCalls.message("m-2", "summarise this"))));
    JsonObject item = api.get("/api/v1/inbox?wait=30", worker).json().getJsonArray("items").getJsonObject(0);
    String taskId = item.getString("task_id");
    assertThat(api.put("/api/v1/tasks/" + taskId, worker, new JsonObject().put("status", "working")).status())
        .isEqualTo(200);
    api.post("/api/v1/tasks/" + taskId + "/artifacts", worker, new JsonObject().put("name", "summary")
        .put("content", "short"));
    api.put("/api/v1/tasks/" + taskId, worker, new JsonObject().put("status", "completed"));

    JsonObject task = answer.join().getJsonObject("task");

    assertThat(task.getString("id")).isEqualTo(taskId);
    assertThat(task.getJsonObject("status").getString("state")).isEqualTo("TASK_STATE_COMPLETED");
    JsonObject artifact = task.getJsonArray("artifacts").getJsonObject(0);
    assertThat(artifact.getString("name")).isEqualTo("summary");
    assertThat(artifact.getJsonArray("parts").getJsonObject(0).getString("text")).isEqualTo("short");
  }

  @Test
  void blockingSendMessageAnswersWhenTheAgentNeedsInput() {
    CompletableFuture<JsonObject> answer = CompletableFuture.supplyAsync(() -> a2a.result(caller, "worker",
        "SendMessage", new JsonObject().put("message", A2aCalls.message("m-3", "which file?"))));
    String taskId = api.get("/api/v1/inbox?wait=30", worker).json().getJsonArray("items").getJsonObject(0)
        .getString("task_id");
    api.put("/api/v1/tasks/" + taskId, worker, new JsonObject().put("status", "working"));
    api.put("/api/v1/tasks/" + taskId, worker, new JsonObject().put("status", "input_needed")
        .put("message", "which one?"));

    JsonObject task = answer.join().getJsonObject("task");

    assertThat(task.getJsonObject("status").getString("state")).isEqualTo("TASK_STATE_INPUT_REQUIRED");
    JsonArray history = task.getJsonArray("history");
    assertThat(history.getJsonObject(history.size() - 1).getString("role")).isEqualTo("ROLE_AGENT");

    long seen = lastSeq();
    CompletableFuture<JsonObject> answered = CompletableFuture.supplyAsync(() -> a2a.result(caller, "worker",
        "SendMessage", new JsonObject().put("message", A2aCalls.message("m-4", "the first").put("taskId", taskId)
            .put("contextId", task.getString("contextId")))));
    assertThat(api.get("/api/v1/inbox?wait=30&after=" + seen, worker).json().getJsonArray("items")).isNotEmpty();
    assertThat(answered).isNotDone();
    api.put("/api/v1/tasks/" + taskId, worker, new JsonObject().put("status", "completed"));

    JsonObject reply = answered.join().getJsonObject("task");
    assertThat(reply.getJsonObject("status").getString("state")).isEqualTo("TASK_STATE_COMPLETED");
    JsonArray thread = reply.getJsonArray("history");
    assertThat(thread.getJsonObject(thread.size() - 1).getString("role")).isEqualTo("ROLE_USER");
    assertThat(thread.getJsonObject(thread.size() - 1).getJsonArray("parts").getJsonObject(0).getString("text"))
        .isEqualTo("the first");
  }

  @Test
  void mapsEveryKindOfPartBothWays() {
    JsonArray parts = new JsonArray()
        .add(new JsonObject().put("text", "look"))
        .add(new JsonObject().put("data", new JsonObject().put("n", 1)))
        .add(new JsonObject().put("raw", "aGVsbG8=").put("filename", "a.bin").put("mediaType", "application/x"))
        .add(new JsonObject().put("url", "https://example.com/f.txt").put("mediaType", "text/plain"));
    JsonObject message = new JsonObject().put("messageId", "m-parts").put("role", "ROLE_USER").put("parts", parts);
    String taskId = a2a.result(caller, "worker", "SendMessage", A2aCalls.sendParams(message, true))
        .getJsonObject("task").getString("id");

    JsonArray relayParts = api.get("/api/v1/tasks/" + taskId, caller).json().getJsonArray("parts");
    assertThat(relayParts.getJsonObject(1).getJsonObject("data").getInteger("n")).isEqualTo(1);
    assertThat(relayParts.getJsonObject(2).getJsonObject("file").getString("bytes")).isEqualTo("aGVsbG8=");
    assertThat(relayParts.getJsonObject(2).getJsonObject("file").getString("name")).isEqualTo("a.bin");
    assertThat(relayParts.getJsonObject(3).getJsonObject("file").getString("uri")).isEqualTo("https://example.com/f.txt");

    JsonObject task = a2a.result(caller, "worker", "GetTask", new JsonObject().put("id", taskId));
    assertThat(task.getJsonArray("history").getJsonObject(0).getJsonArray("parts")).isEqualTo(parts);
    assertThat(task.getJsonArray("history").getJsonObject(0).getString("role")).isEqualTo("ROLE_USER");
  }

  @Test
  void theSameMessageIdFromTheSameCallerCreatesOneTask() {
    JsonObject params = A2aCalls.sendParams(A2aCalls.message("m-once", "do it"), true);
    String first = a2a.result(caller, "worker", "SendMessage", params).getJsonObject("task").getString("id");
    String again = a2a.result(caller, "worker", "SendMessage", params).getJsonObject("task").getString("id");

    assertThat(again).isEqualTo(first);
    assertThat(api.inbox(worker).getJsonArray("items")).hasSize(1);

    JsonObject changed = a2a.rpc(caller, "worker", "SendMessage",
        A2aCalls.sendParams(A2aCalls.message("m-once", "do something else"), true));
    assertThat(changed.getJsonObject("error").getInteger("code")).isEqualTo(-32602);
    assertThat(api.inbox(worker).getJsonArray("items")).hasSize(1);
  }

  @Test
  void aTier3CallerReachesOnlyItsCanSendTo() {
    JsonObject allowed = a2a.rpc(sandbox, "worker", "SendMessage",
        A2aCalls.sendParams(A2aCalls.message("s-1", "hi"), true));
    JsonObject refused = a2a.rpc(sandbox, "other", "SendMessage",
        A2aCalls.sendParams(A2aCalls.message("s-2", "hi"), true));

    assertThat(allowed.containsKey("result")).as(allowed.encode()).isTrue();
    JsonObject error = refused.getJsonObject("error");
    assertThat(error.getInteger("code")).isEqualTo(-32000);
    assertThat(error.getJsonArray("data").getJsonObject(0).getString("reason")).isEqualTo("FORBIDDEN");
    assertThat(api.get("/api/v1/tasks?to=other", TestRelay.ADMIN_KEY).json().getJsonArray("tasks")).isEmpty();
  }

  // ---- GetTask, ListTasks, CancelTask ----

  @Test
  void getTaskCutsTheHistoryToHistoryLength() {
    String taskId = submit("m-h", "first");
    api.post("/api/v1/messages", worker, new JsonObject().put("task_id", taskId).put("content", "second"));
    api.post("/api/v1/messages", worker, new JsonObject().put("task_id", taskId).put("content", "third"));

    assertThat(history(taskId, null)).containsExactly("first", "second", "third");
    assertThat(history(taskId, 2)).containsExactly("second", "third");
    assertThat(a2a.result(caller, "worker", "GetTask", new JsonObject().put("id", taskId).put("historyLength", 0))
        .containsKey("history")).isFalse();
  }

  @Test
  void listTasksFiltersAndPages() {
    String one = submit("l-1", "one");
    String two = submit("l-2", "two");
    String three = submit("l-3", "three");
    api.put("/api/v1/tasks/" + two, worker, new JsonObject().put("status", "working"));

    JsonObject working = a2a.result(caller, "worker", "ListTasks",
        new JsonObject().put("status", "TASK_STATE_WORKING"));
    assertThat(ids(working)).containsExactly(two);

    JsonObject page1 = a2a.result(caller, "worker", "ListTasks", new JsonObject().put("pageSize", 2));
    assertThat(ids(page1)).containsExactly(three, two);
    assertThat(page1.getJsonArray("tasks").getJsonObject(0).containsKey("artifacts")).isFalse();
    JsonObject page2 = a2a.result(caller, "worker", "ListTasks",
        new JsonObject().put("pageSize", 2).put("pageToken", page1.getString("nextPageToken")));
    assertThat(ids(page2)).containsExactly(one);
    assertThat(page2.getString("nextPageToken")).isEmpty();

    String context = a2a.result(caller, "worker", "GetTask", new JsonObject().put("id", one)).getString("contextId");
    assertThat(ids(a2a.result(caller, "worker", "ListTasks", new JsonObject().put("contextId", context))))
        .containsExactly(one);
    assertThat(ids(a2a.result(sandbox, "worker", "ListTasks", new JsonObject()))).isEmpty();
  }

  @Test
  void listTasksFiltersByContextInTheQuerySoPagesAreFullAndTotalSizeCountsAllPages() {
    String a1 = submitIn("ctx-a", "a-1");
    submitIn("ctx-b", "b-1");
    String a2 = submitIn("ctx-a", "a-2");
    submitIn("ctx-b", "b-2");
    String a3 = submitIn("ctx-a", "a-3");

    JsonObject page1 = a2a.result(caller, "worker", "ListTasks",
        new JsonObject().put("contextId", "ctx-a").put("pageSize", 2));
    assertThat(ids(page1)).containsExactly(a3, a2);
    assertThat(page1.getInteger("totalSize")).isEqualTo(3);
    JsonObject page2 = a2a.result(caller, "worker", "ListTasks", new JsonObject().put("contextId", "ctx-a")
        .put("pageSize", 2).put("pageToken", page1.getString("nextPageToken")));
    assertThat(ids(page2)).containsExactly(a1);
    assertThat(page2.getInteger("totalSize")).isEqualTo(3);
    assertThat(page2.getString("nextPageToken")).isEmpty();

    assertThat(a2a.result(caller, "worker", "ListTasks", new JsonObject().put("pageSize", 1))
        .getInteger("totalSize")).isEqualTo(5);
    assertThat(a2a.result(sandbox, "worker", "ListTasks", new JsonObject().put("contextId", "ctx-a"))
        .getInteger("totalSize")).isZero();
  }

  @Test
  void cancelTaskCancelsOnceAndThenIsNotCancelable() {
    String taskId = submit("c-1", "cancel me");

    JsonObject canceled = a2a.result(caller, "worker", "CancelTask", new JsonObject().put("id", taskId));
    JsonObject again = a2a.rpc(caller, "worker", "CancelTask", new JsonObject().put("id", taskId));

    assertThat(canceled.getJsonObject("status").getString("state")).isEqualTo("TASK_STATE_CANCELED");
    assertThat(api.get("/api/v1/tasks/" + taskId, caller).json().getString("status")).isEqualTo("cancelled");
    assertThat(again.getJsonObject("error").getInteger("code")).isEqualTo(-32002);
    assertThat(again.getJsonObject("error").getJsonArray("data").getJsonObject(0).getString("reason"))
        .isEqualTo("TASK_NOT_CANCELABLE");
  }

  @Test
  void legacyMethodNamesAreAccepted() {
    String taskId = a2a.result(caller, "worker", "message/send",
        A2aCalls.sendParams(new JsonObject().put("messageId", "legacy").put("role", "user")
            .put("parts", new JsonArray().add(new JsonObject().put("kind", "text").put("text", "old style"))), true))
        .getJsonObject("task").getString("id");

    assertThat(a2a.result(caller, "worker", "tasks/get", new JsonObject().put("id", taskId)).getString("id"))
        .isEqualTo(taskId);
    assertThat(a2a.result(caller, "worker", "tasks/cancel", new JsonObject().put("id", taskId))
        .getJsonObject("status").getString("state")).isEqualTo("TASK_STATE_CANCELED");
  }

  // ---- streaming ----

  @Test
  void sendStreamingMessageStreamsTheTaskToItsEnd() {
    A2aCalls.Stream stream = a2a.open(caller, "/a2a/worker", new JsonObject().put("jsonrpc", "2.0").put("id", 7)
        .put("method", "SendStreamingMessage").put("params", new JsonObject()
            .put("message", A2aCalls.message("st-1", "stream it"))).encode());
    JsonObject first = stream.next();
    assertThat(first.getInteger("id")).isEqualTo(7);
    JsonObject task = first.getJsonObject("result").getJsonObject("task");
    assertThat(task.getJsonObject("status").getString("state")).isEqualTo("TASK_STATE_SUBMITTED");
    String taskId = task.getString("id");

    api.put("/api/v1/tasks/" + taskId, worker, new JsonObject().put("status", "working"));
    api.post("/api/v1/tasks/" + taskId + "/artifacts", worker, new JsonObject().put("name", "out").put("content", "42"));
    api.put("/api/v1/tasks/" + taskId, worker, new JsonObject().put("status", "completed"));

    List<JsonObject> rest = new java.util.ArrayList<>();
    rest.add(stream.next());
    rest.addAll(stream.awaitEnd());
    assertThat(rest).extracting(e -> describe(e.getJsonObject("result"))).containsExactly(
        "status TASK_STATE_WORKING", "artifact out", "status TASK_STATE_COMPLETED");
  }

  @Test
  void subscribeToTaskStartsWithTheTaskAndEndsWhenItIsTerminal() {
    String taskId = submit("sub-1", "watch me");
    A2aCalls.Stream stream = a2a.open(caller, "/a2a/worker", new JsonObject().put("jsonrpc", "2.0").put("id", "s")
        .put("method", "SubscribeToTask").put("params", new JsonObject().put("id", taskId)).encode());
    assertThat(stream.next().getJsonObject("result").getJsonObject("task").getString("id")).isEqualTo(taskId);

    api.post("/api/v1/messages", worker, new JsonObject().put("task_id", taskId).put("content", "on it"));
    api.put("/api/v1/tasks/" + taskId, worker, new JsonObject().put("status", "rejected"));

    JsonObject note = stream.next().getJsonObject("result").getJsonObject("statusUpdate");
    assertThat(note.getJsonObject("status").getJsonObject("message").getJsonArray("parts").getJsonObject(0)
        .getString("text")).isEqualTo("on it");
    assertThat(stream.awaitEnd()).extracting(e -> describe(e.getJsonObject("result")))
        .containsExactly("status TASK_STATE_REJECTED");
  }

  // ---- errors ----

  @Test
  void everyErrorHasItsA2aCode() {
    String done = submit("e-1", "done soon");
    a2a.result(caller, "worker", "CancelTask", new JsonObject().put("id", done));
    String othersTask = api.createTask(TestRelay.ADMIN_KEY, "worker", "not yours");

    assertThat(code(a2a.rpc(caller, "worker", "GetTask", new JsonObject().put("id", "task_nope")))).isEqualTo(-32001);
    assertThat(code(a2a.rpc(caller, "worker", "GetTask", new JsonObject().put("id", othersTask)))).isEqualTo(-32001);
    assertThat(code(a2a.rpc(caller, "worker", "NoSuchMethod", new JsonObject()))).isEqualTo(-32601);
    assertThat(code(a2a.rpc(caller, "worker", "GetTask", new JsonObject()))).isEqualTo(-32602);
    assertThat(code(a2a.rpc(caller, "worker", "SendMessage", new JsonObject().put("message",
        new JsonObject().put("messageId", "e-2").put("parts", new JsonArray()))))).isEqualTo(-32602);
    assertThat(code(a2a.rpc(caller, "worker", "SendMessage", A2aCalls.sendParams(
        A2aCalls.message("e-3", "more").put("taskId", done), true)))).isEqualTo(-32004);
    assertThat(code(a2a.rpc(caller, "worker", "SubscribeToTask", new JsonObject().put("id", done))))
        .isEqualTo(-32004);
    assertThat(code(a2a.rpc(caller, "worker", "GetTaskPushNotificationConfig",
        new JsonObject().put("taskId", done).put("id", "nope")))).isEqualTo(-32001);
    assertThat(code(a2a.rpc(caller, "worker", "GetExtendedAgentCard", new JsonObject()))).isEqualTo(-32004);
    assertThat(code(a2a.rpc(caller, "worker", "SendMessage", A2aCalls.sendParams(
        A2aCalls.message("e-4", "x").put("taskId", submit("e-5", "y")).put("contextId", "ctx_other"), true))))
        .isEqualTo(-32602);

    assertThat(rpcError(a2a.post(caller, "/a2a/worker", "{not json", "1.0"))).isEqualTo(-32700);
    assertThat(rpcError(a2a.post(caller, "/a2a/worker", "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"GetTask\"}",
        "1.0"))).isEqualTo(-32600);
    assertThat(rpcError(a2a.post(caller, "/a2a/worker", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"GetTask\","
        + "\"params\":{\"id\":\"x\"}}", "2.0"))).isEqualTo(-32009);
    assertThat(rpcError(a2a.post(caller, "/a2a/worker", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"GetTask\","
        + "\"params\":{\"id\":\"" + done + "\"}}", null))).isEqualTo(0);
  }

  @Test
  void aCallWithoutAValidKeyIs401AndUnknownAgentsAre404() {
    A2aCalls.Reply noKey = a2a.post(null, "/a2a/worker", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ListTasks\"}",
        "1.0");
    A2aCalls.Reply badKey = a2a.post("nope", "/a2a/worker", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ListTasks\"}",
        "1.0");
    A2aCalls.Reply unknown = a2a.post(caller, "/a2a/nobody",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ListTasks\"}", "1.0");

    assertThat(noKey.status()).isEqualTo(401);
    assertThat(badKey.status()).isEqualTo(401);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().getString("code")).isEqualTo("agent_not_found");
  }

  // ---- helpers ----

  private String submitIn(String contextId, String text) {
    JsonObject message = A2aCalls.message("m-" + text, text).put("contextId", contextId);
    return a2a.result(caller, "worker", "SendMessage", A2aCalls.sendParams(message, true))
        .getJsonObject("task").getString("id");
  }

  private String submit(String messageId, String text) {
    return a2a.result(caller, "worker", "SendMessage", A2aCalls.sendParams(A2aCalls.message(messageId, text), true))
        .getJsonObject("task").getString("id");
  }

  /** The seq of the newest item in the worker's inbox. */
  private long lastSeq() {
    JsonArray items = api.inbox(worker).getJsonArray("items");
    return items.getJsonObject(items.size() - 1).getLong("seq");
  }

  private List<String> history(String taskId, Integer length) {
    JsonObject params = new JsonObject().put("id", taskId);
    if (length != null) {
      params.put("historyLength", length);
    }
    return a2a.result(caller, "worker", "GetTask", params).getJsonArray("history").stream()
        .map(JsonObject.class::cast)
        .map(m -> m.getJsonArray("parts").getJsonObject(0).getString("text")).toList();
  }

  private static List<String> ids(JsonObject page) {
    return page.getJsonArray("tasks").stream().map(JsonObject.class::cast).map(t -> t.getString("id")).toList();
  }

  static String describe(JsonObject streamResponse) {
    if (streamResponse.containsKey("statusUpdate")) {
      return "status " + streamResponse.getJsonObject("statusUpdate").getJsonObject("status").getString("state");
    }
    if (streamResponse.containsKey("artifactUpdate")) {
      return "artifact " + streamResponse.getJsonObject("artifactUpdate").getJsonObject("artifact").getString("name");
    }
    return streamResponse.fieldNames().toString();
  }

  private static int code(JsonObject response) {
    if (!response.containsKey("error")) {
      throw new AssertionError("expected an error: " + response.encode());
    }
    return response.getJsonObject("error").getInteger("code");
  }

  /** The JSON-RPC error code of a raw reply, 0 for a success. */
  private static int rpcError(A2aCalls.Reply reply) {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    JsonObject json = reply.json();
    return json.containsKey("error") ? json.getJsonObject("error").getInteger("code") : 0;
  }
}
