package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP+JSON binding of A2A under /a2a/{agent_id}/v1. */
@ExtendWith(VertxExtension.class)
class A2aHttpJsonTest {

  private static final String V1 = "/a2a/worker/v1";

  @TempDir
  java.nio.file.Path dir;
  TestRelay relay;
  Api api;
  A2aCalls a2a;
  String caller;
  String worker;

  @BeforeEach
  void start(Vertx vertx) {
    relay = TestRelay.start(vertx, dir);
    api = relay.api();
    worker = api.register("worker", 2);
    caller = api.register("caller", 2, new JsonObject().put("permissions",
        new JsonObject().put("can_send_to", new JsonArray().add("worker"))));
    a2a = new A2aCalls(relay.port());
  }

  @AfterEach
  void stop() {
    relay.stop();
  }

  @Test
  void sendsGetsListsAndCancels() {
    A2aCalls.Reply sent = a2a.post(caller, V1 + "/message:send",
        A2aCalls.sendParams(A2aCalls.message("h-1", "over REST"), true).encode(), "1.0");
    assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
    assertThat(sent.contentType()).startsWith("application/a2a+json");
    JsonObject task = sent.json().getJsonObject("task");
    String taskId = task.getString("id");
    assertThat(task.getJsonObject("status").getString("state")).isEqualTo("TASK_STATE_SUBMITTED");

    A2aCalls.Reply got = a2a.get(caller, V1 + "/tasks/" + taskId + "?historyLength=1");
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.json().getJsonArray("history")).hasSize(1);

    A2aCalls.Reply listed = a2a.get(caller, V1 + "/tasks?status=TASK_STATE_SUBMITTED&pageSize=10");
    assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
    assertThat(listed.json().getJsonArray("tasks").getJsonObject(0).getString("id")).isEqualTo(taskId);
    assertThat(listed.json().getString("nextPageToken")).isEmpty();

    A2aCalls.Reply canceled = a2a.post(caller, V1 + "/tasks/" + taskId + ":cancel", "{}", "1.0");
    assertThat(canceled.status()).as(canceled.toString()).isEqualTo(200);
    assertThat(canceled.json().getJsonObject("status").getString("state")).isEqualTo("TASK_STATE_CANCELED");
  }

  /** A compressed stream would hold its events in the deflater until it fills: A2A streams are never compressed. */
  @Test
  void aTaskStreamIsNeverCompressedThoughTheClientAcceptsGzip() throws Exception {
    String taskId = a2a.post(caller, V1 + "/message:send",
        A2aCalls.sendParams(A2aCalls.message("h-gz", "x"), true).encode(), "1.0").json().getJsonObject("task")
        .getString("id");
    HttpRequest subscribe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + relay.port() + V1 + "/tasks/"
            + taskId + ":subscribe"))
        .header("A2A-Version", "1.0").header("Accept", "text/event-stream").header("Accept-Encoding", "gzip")
        .header("Authorization", "Bearer " + caller).GET().build();
    HttpResponse<java.io.InputStream> stream = HttpClient.newHttpClient()
        .send(subscribe, HttpResponse.BodyHandlers.ofInputStream());
    try (java.io.InputStream body = stream.body()) {
      assertThat(stream.statusCode()).isEqualTo(200);
      assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("text/event-stream"));
      assertThat(stream.headers().firstValue("Content-Encoding").orElse("identity")).isEqualTo("identity");
    }
  }

  @Test
  void errorsAreProblemDocumentsCarryingTheA2aStatus() {
    A2aCalls.Reply missing = a2a.get(caller, V1 + "/tasks/task_nope");
    assertError(missing, 404, "TASK_NOT_FOUND");
    assertThat(missing.json().getString("type")).isNotBlank();
    assertThat(missing.json().getInteger("status")).isEqualTo(404);
    assertThat(missing.json().getJsonObject("error").getString("status")).isEqualTo("NOT_FOUND");

    String taskId = a2a.post(caller, V1 + "/message:send",
        A2aCalls.sendParams(A2aCalls.message("h-2", "x"), true).encode(), "1.0").json().getJsonObject("task")
        .getString("id");
    a2a.post(caller, V1 + "/tasks/" + taskId + ":cancel", "{}", "1.0");
    assertError(a2a.post(caller, V1 + "/tasks/" + taskId + ":cancel", "{}", "1.0"), 400, "TASK_NOT_CANCELABLE");
    assertError(a2a.post(caller, V1 + "/tasks/" + taskId + ":subscribe", "{}", "1.0"), 400,
        "UNSUPPORTED_OPERATION");
    assertError(a2a.get(caller, V1 + "/extendedAgentCard"), 400, "UNSUPPORTED_OPERATION");
    assertError(a2a.get(caller, V1 + "/tasks?pageSize=1000"), 400, "INVALID_PARAMS");
    assertError(a2a.get(caller, V1 + "/tasks?historyLength=abc"), 400, "INVALID_PARAMS");
    assertError(a2a.post(caller, V1 + "/message:send", "{\"message\":{\"messageId\":\"x\"}}", "1.0"), 400,
        "INVALID_PARAMS");
    assertError(a2a.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + relay.port() + V1 + "/tasks"))
        .GET(), caller, "9.9"), 400, "VERSION_NOT_SUPPORTED");
    assertError(a2a.get(caller, V1 + "/nowhere"), 404, "METHOD_NOT_FOUND");
    assertThat(a2a.get(null, V1 + "/tasks").status()).isEqualTo(401);
  }

  @Test
  void subscribeStreamsToTheEnd() {
    String taskId = a2a.post(caller, V1 + "/message:send",
        A2aCalls.sendParams(A2aCalls.message("h-3", "go"), true).encode(), "1.0").json().getJsonObject("task")
        .getString("id");
    A2aCalls.Stream stream = a2a.open(caller, V1 + "/tasks/" + taskId + ":subscribe", "{}");
    assertThat(stream.next().getJsonObject("task").getString("id")).isEqualTo(taskId);

    api.put("/api/v1/tasks/" + taskId, worker, new JsonObject().put("status", "working"));
    api.put("/api/v1/tasks/" + taskId, worker, new JsonObject().put("status", "failed"));

    List<JsonObject> rest = new java.util.ArrayList<>();
    rest.add(stream.next());
    rest.addAll(stream.awaitEnd());
    assertThat(rest).extracting(A2aJsonRpcTest::describe)
        .containsExactly("status TASK_STATE_WORKING", "status TASK_STATE_FAILED");
  }

  @Test
  void messageStreamStartsWithTheNewTask() {
    A2aCalls.Stream stream = a2a.open(caller, V1 + "/message:stream",
        new JsonObject().put("message", A2aCalls.message("h-4", "stream")).encode());
    String taskId = stream.next().getJsonObject("task").getString("id");

    api.put("/api/v1/tasks/" + taskId, worker, new JsonObject().put("status", "rejected"));

    assertThat(stream.awaitEnd()).extracting(A2aJsonRpcTest::describe).containsExactly("status TASK_STATE_REJECTED");
  }

  private static void assertError(A2aCalls.Reply reply, int status, String reason) {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
    assertThat(reply.contentType()).startsWith("application/problem+json");
    JsonObject error = reply.json().getJsonObject("error");
    assertThat(error.getInteger("code")).isEqualTo(status);
    assertThat(error.getJsonArray("details").getJsonObject(0).getString("reason")).isEqualTo(reason);
    assertThat(error.getJsonArray("details").getJsonObject(0).getString("domain")).isEqualTo("a2a-protocol.org");
  }
}
