package dev.agentrelay.http;

import static dev.agentrelay.http.BadInputTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a request body may hold: no nesting the relay could not write back, only well-formed UTF-8, only JSON
 * (also where the body is optional), and a refusal never quotes the parser or names a Java class.
 */
@ExtendWith(RelayExtension.class)
class BodyHardeningTest {

  private static final String ADMIN = TestRelay.ADMIN_KEY;
  private static final String MULTIPART = "multipart/form-data; boundary=cut";
  private static final String FORM = "--cut\r\nContent-Disposition: form-data; name=\"rotate_webhook_secret\"\r\n\r\n"
      + "false\r\n--cut--\r\n";

  TestRelay relay;
  Api api;
  String workerKey;

  @BeforeEach
  void start(TestRelay relay) {
    this.relay = relay;
    api = relay.api();
    workerKey = api.register("worker", 2);
  }

  // ---------------------------------------------------------------------------------------------
  // Nesting

  @Test
  void refusesDeepMetadataOnTasksAndAgentsAndListingStillWorks() {
    String deep = "[".repeat(998) + "]".repeat(998);
    StoreState before = StoreState.of(api, workerKey);
    Api.Reply task = api.post("/api/v1/tasks", ADMIN,
        "{\"to_agent\": \"worker\", \"title\": \"t\", \"metadata\": {\"deep\": " + deep + "}}");
    assertProblem(task, 422);
    assertThat(task.json().getString("detail")).contains("32 levels");
    Api.Reply agent = api.post("/api/v1/agents", ADMIN, "{\"agent_id\": \"deep\", \"metadata\": {\"deep\": "
        + "[".repeat(999) + "]".repeat(999) + "}}");
    assertProblem(agent, 422);
    assertThat(StoreState.of(api, workerKey)).as("nothing stored, and every list still answers").isEqualTo(before);
  }

  /** A row from before the limit, too deep to encode again: its reads answer a problem instead of hanging. */
  @Test
  void aStoredRowTooDeepToEncodeFailsTheListWithAProblemAndOtherReadsGoOn() throws SQLException {
    String deep = "{\"a\":".repeat(998) + "1" + "}".repeat(998);
    StoreTables.update(relay.config(), "INSERT INTO tasks (task_id, context_id, from_agent, to_agent,"
        + " title, parts, status, priority, metadata, created_at, updated_at) VALUES ('task_deep', 'ctx_deep',"
        + " 'admin', 'worker', 'deep', '[]', 'submitted', 'normal', ?, 0, 0)", deep);
    // a page wraps each task two levels deeper, past what the encoder writes
    assertProblem(api.get("/api/v1/tasks", ADMIN), 500);
    assertThat(api.get("/api/v1/agents", ADMIN).status()).isEqualTo(200);
  }

  @Test
  void acceptsMetadataNestedUpToTheLimitAndListsItBack() {
    String nested = "[".repeat(29) + "]".repeat(29);
    Api.Reply task = api.post("/api/v1/tasks", ADMIN,
        "{\"to_agent\": \"worker\", \"title\": \"t\", \"metadata\": {\"deep\": " + nested + "}}");
    assertThat(task.status()).as(task.toString()).isEqualTo(201);
    assertThat(api.get("/api/v1/tasks", ADMIN).array("tasks")).hasSize(1);
    assertThat(api.inbox(workerKey).getJsonArray("items")).hasSize(1);
  }

  // ---------------------------------------------------------------------------------------------
  // UTF-8

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"C0 AF", "ED A0 80", "F4 90 80 80"})
  void refusesInvalidUtf8InAStringAndStoresNothing(String hex) {
    StoreState before = StoreState.of(api, workerKey);
    RawConnection.Response response = postBytes("/api/v1/messages", json("{\"to_agent\": \"worker\", \"content\": \"a",
        hex, "b\"}"));
    assertProblem(response.reply(), 400);
    assertThat(response.json().getString("detail")).startsWith("the body is not valid UTF-8");
    assertThat(StoreState.of(api, workerKey)).isEqualTo(before);
  }

  @Test
  void acceptsCharactersFromEveryPlane() {
    Api.Reply sent = api.post("/api/v1/messages", ADMIN, new JsonObject().put("to_agent", "worker")
        .put("content", "é € 😀"));
    assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
    assertThat(api.inbox(workerKey).encode()).contains("é € 😀");
  }

  // ---------------------------------------------------------------------------------------------
  // Media type

  @Test
  void refusesAMultipartKeyRotationAndTheOldKeyStillWorks() {
    StoreState before = StoreState.of(api, workerKey);
    Api.Reply rotation = api.send(HttpMethod.POST, "/api/v1/agents/worker/keys", workerKey, FORM,
        Map.of("Content-Type", MULTIPART));
    assertProblem(rotation, 415);
    assertThat(api.get("/api/v1/inbox", workerKey).status()).as("the old key").isEqualTo(200);
    assertThat(StoreState.of(api, workerKey)).isEqualTo(before);
  }

  @Test
  void refusesABodyOfAnotherTypeWhereTheBodyIsOptional() {
    StoreState before = StoreState.of(api, workerKey);
    assertProblem(api.send(HttpMethod.POST, "/api/v1/agents/worker/heartbeat", workerKey, FORM,
        Map.of("Content-Type", MULTIPART)), 415);
    assertProblem(api.send(HttpMethod.POST, "/api/v1/agents/worker/heartbeat", workerKey, "status=busy",
        Map.of("Content-Type", "application/x-www-form-urlencoded")), 415);
    assertProblem(api.send(HttpMethod.POST, "/api/v1/agents/worker/keys", workerKey, "{}",
        Map.of("Content-Type", "text/plain")), 415);
    assertProblem(api.send(HttpMethod.POST, "/api/v1/inbox/ack", workerKey, FORM,
        Map.of("Content-Type", MULTIPART)), 415);
    assertProblem(api.send(HttpMethod.POST, "/api/v1/messages", ADMIN, "{\"to_agent\": \"worker\", \"content\": \"x\"}",
        Map.of("Content-Type", "application/json; charset=utf-16")), 415);
    assertThat(StoreState.of(api, workerKey)).isEqualTo(before);
    assertThat(api.send(HttpMethod.POST, "/api/v1/agents/worker/heartbeat", workerKey, null, Map.of()).status())
        .as("no body at all is still fine").isEqualTo(200);
  }

  // ---------------------------------------------------------------------------------------------
  // Wording

  @Test
  void noRefusalNamesAJavaClassOrQuotesTheParser() {
    List<String> bodies = List.of("{\"to_agent\": \"worker\", \"content\": \"x\"} {}",
        "{\"to_agent\": \"worker\", \"content\": \"x\"} trailing", "{\"to_agent\": \"worker\", \"content\": ",
        "{\"to_agent\": \"worker\", \"content\": \"x\",}", "{'to_agent': 'worker'}", "{\"a\": 1, \"a\": 2}",
        "{\"to_agent\": \"worker\", \"content\": \"\\x\"}", "{\"to_agent\": 01}", "nul", "[1,,2]", "{\"a\": \"\u0001\"}",
        "{\"a\": " + "9".repeat(200) + "}", "{\"" + "k".repeat(2000) + "\": 1}", "{\"a\": 1e99999}",
        "{\"a\": \"\\uD800\"}", "\"just a string\"", "[]", "42");
    for (String path : List.of("/api/v1/messages", "/api/v1/tasks", "/api/v1/agents", "/api/v1/inbox/ack",
        "/api/v1/agents/worker/heartbeat")) {
      for (String body : bodies) {
        Api.Reply reply = api.post(path, ADMIN, body);
        assertThat(reply.status()).as(path + " " + body + " -> " + reply).isBetween(400, 499);
        String answer = reply.body().toLowerCase(Locale.ROOT);
        assertThat(answer).as(path + " " + body + " -> " + reply)
            .doesNotContain("com.", "java.", "jackson", "exception", "source:", "redacted", "feature");
      }
    }
  }

  @Test
  void noRefusalOfAMalformedQueryOrPathNamesInternals() {
    for (String path : List.of("/api/v1/tasks?to=%zz", "/api/v1/tasks?limit=%", "/api/v1/agents/%zz",
        "/api/v1/inbox?wait=%FF%FE", "/api/v1/tasks?since=%00")) {
      Api.Reply reply = api.get(path, ADMIN);
      assertThat(reply.status()).as(path + " -> " + reply).isBetween(400, 499);
      assertProblem(reply, reply.status());
      assertThat(reply.body().toLowerCase(Locale.ROOT)).as(path + " -> " + reply)
          .doesNotContain("com.", "java.", "jackson", "exception");
    }
  }

  /** The body handler decodes form and multipart bodies itself; it failed (500, or no answer at all) on these. */
  @ParameterizedTest
  @ValueSource(strings = {"GET /api/v1/inbox", "GET /api/v1/tasks?cursor=-1&to=0", "POST /api/v1/inbox/ack?x=%ZZ",
      "POST //api/v1/inbox/ack?agent_id=0&agent_id=%ZZ", "OPTIONS /api/v1/agents", "POST /mcp"})
  void refusesAFormOrMultipartBodyOnAnyRouteBeforeDecodingIt(String request) {
    for (String type : List.of("application/x-www-form-urlencoded", MULTIPART)) {
      byte[] body = "a=1&b=%ZZ".getBytes(StandardCharsets.US_ASCII);
      try (RawConnection raw = RawConnection.connect(relay.port())) {
        raw.send(request + " HTTP/1.1\r\nHost: relay\r\nAuthorization: Bearer " + ADMIN + "\r\nContent-Type: "
            + type + "\r\nContent-Length: " + body.length + "\r\n\r\n");
        RawConnection.Response response = raw.sendBytes(body).read();
        assertThat(response.status()).as(request + " " + type + " -> " + response).isEqualTo(415);
        assertProblem(response.reply(), 415);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  /** ASCII text around bytes given in hex. */
  private static byte[] json(String before, String hex, String after) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(before.getBytes(StandardCharsets.US_ASCII));
    for (String pair : hex.split(" ")) {
      bytes.write(Integer.parseInt(pair, 16));
    }
    bytes.writeBytes(after.getBytes(StandardCharsets.US_ASCII));
    return bytes.toByteArray();
  }

  private RawConnection.Response postBytes(String path, byte[] body) {
    try (RawConnection raw = RawConnection.connect(relay.port())) {
      raw.send("POST " + path + " HTTP/1.1\r\nHost: relay\r\nAuthorization: Bearer " + ADMIN
          + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n");
      return raw.sendBytes(body).read();
    }
  }
}
