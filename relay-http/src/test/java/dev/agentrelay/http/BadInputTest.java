package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every write endpoint refuses bad input with an RFC 9457 problem of the status API.md names, and a
 * refused request changes nothing: no audit entry, no task, no delivery, no agent change.
 */
@ExtendWith(VertxExtension.class)
class BadInputTest {

  private static final String ADMIN = TestRelay.ADMIN_KEY;
  /** Every relay here runs with this body limit; every bad body but the 413 ones stays well under it. */
  private static final int MAX_BODY_BYTES = 2048;
  private static final String TASK = "{task}";

  @TempDir
  Path dir;
  TestRelay relay;
  Api api;
  String workerKey;
  String taskId;

  @BeforeEach
  void start(Vertx vertx) {
    relay = TestRelay.start(vertx, dir, Map.of("RELAY_MAX_BODY_BYTES", String.valueOf(MAX_BODY_BYTES)));
    api = relay.api();
    workerKey = api.register("worker", 2);
    taskId = api.createTask(ADMIN, "worker", "Summarise the logs");
  }

  @AfterEach
  void stop() {
    relay.stop();
  }

  // ---------------------------------------------------------------------------------------------
  // The write endpoints and their cases

  enum Caller { ADMIN, WORKER }

  /** A write endpoint and a body it accepts; bad cases are near misses of that body. */
  record Endpoint(String name, HttpMethod method, String path, Caller caller, String valid) {
    @Override
    public String toString() {
      return name;
    }
  }

  record BadCase(Endpoint endpoint, String what, String body, Map<String, String> headers, int status) {
    @Override
    public String toString() {
      return endpoint.name + ", " + what + " -> " + status;
    }
  }

  private static final Endpoint AGENTS = new Endpoint("POST /agents", HttpMethod.POST, "/api/v1/agents",
      Caller.ADMIN, j("{'agent_id': 'newcomer', 'trust_tier': 2}"));
  private static final Endpoint HEARTBEAT = new Endpoint("POST /agents/{id}/heartbeat", HttpMethod.POST,
      "/api/v1/agents/worker/heartbeat", Caller.ADMIN, j("{'status': 'busy'}"));
  private static final Endpoint TASKS = new Endpoint("POST /tasks", HttpMethod.POST, "/api/v1/tasks",
      Caller.ADMIN, j("{'to_agent': 'worker', 'title': 'Index the repo', 'priority': 'high'}"));
  private static final Endpoint MOVE = new Endpoint("PUT /tasks/{id}", HttpMethod.PUT, "/api/v1/tasks/" + TASK,
      Caller.ADMIN, j("{'status': 'accepted', 'message': 'taking it'}"));
  private static final Endpoint MESSAGES = new Endpoint("POST /messages", HttpMethod.POST, "/api/v1/messages",
      Caller.ADMIN, j("{'to_agent': 'worker', 'content': 'hello'}"));
  private static final Endpoint ARTIFACTS = new Endpoint("POST /tasks/{id}/artifacts", HttpMethod.POST,
      "/api/v1/tasks/" + TASK + "/artifacts", Caller.ADMIN, j("{'name': 'report.txt', 'content': 'all good'}"));
  private static final Endpoint BROADCAST = new Endpoint("POST /broadcast", HttpMethod.POST, "/api/v1/broadcast",
      Caller.ADMIN, j("{'content': 'maintenance at noon'}"));
  private static final Endpoint ACK = new Endpoint("POST /inbox/ack", HttpMethod.POST, "/api/v1/inbox/ack",
      Caller.WORKER, j("{'up_to_seq': 1000000}"));

  static Stream<Endpoint> endpoints() {
    return Stream.of(AGENTS, HEARTBEAT, TASKS, MOVE, MESSAGES, ARTIFACTS, BROADCAST, ACK);
  }

  /** Cases every write endpoint must refuse, derived from its valid body. */
  static Stream<BadCase> generalCases() {
    List<BadCase> cases = new ArrayList<>();
    for (Endpoint e : endpoints().toList()) {
      String valid = e.valid();
      cases.add(raw(e, "truncated JSON", valid.substring(0, valid.length() - 1), 400));
      cases.add(raw(e, "single-quoted JSON", valid.replace('"', '\''), 400));
      cases.add(raw(e, "trailing comma", valid.substring(0, valid.length() - 1) + ",}", 400));
      cases.add(raw(e, "garbage after the object", valid + " {}", 400));
      cases.add(raw(e, "a JSON array", "[" + valid + "]", 400));
      cases.add(raw(e, "a JSON string", "\"" + valid.replace("\"", "\\\"") + "\"", 400));
      cases.add(raw(e, "JSON null", "null", 400));
      cases.add(raw(e, "a JSON number", "42", 400));
      if (e != HEARTBEAT) {
        cases.add(raw(e, "no body", "", 400));
      }
      cases.add(raw(e, "a duplicate key", duplicateFirstKey(valid), 400));
      cases.add(new BadCase(e, "Content-Type text/plain", valid, Map.of("Content-Type", "text/plain"), 415));
      cases.add(new BadCase(e, "Content-Type application/x-www-form-urlencoded", valid,
          Map.of("Content-Type", "application/x-www-form-urlencoded"), 415));
      cases.add(raw(e, "a body over RELAY_MAX_BODY_BYTES",
          new JsonObject(valid).put("padding", "x".repeat(MAX_BODY_BYTES)).encode(), 413));
    }
    return cases.stream();
  }

  /** Wrong JSON types (400), unknown enum words, missing fields and out-of-bounds values (422). */
  static Stream<BadCase> fieldCases() {
    String longTitle = "t".repeat(501);
    return Stream.of(
        // POST /agents
        bad(AGENTS, "agent_id a number", "{'agent_id': 42}", 400),
        bad(AGENTS, "trust_tier a string", "{'agent_id': 'newcomer', 'trust_tier': '2'}", 400),
        bad(AGENTS, "trust_tier a fraction", "{'agent_id': 'newcomer', 'trust_tier': 1.5}", 400),
        bad(AGENTS, "capabilities a string", "{'agent_id': 'newcomer', 'capabilities': 'code'}", 400),
        bad(AGENTS, "capabilities holding a number", "{'agent_id': 'newcomer', 'capabilities': [1]}", 400),
        bad(AGENTS, "contact a string", "{'agent_id': 'newcomer', 'contact': 'poll'}", 400),
        bad(AGENTS, "can_send_to a string",
            "{'agent_id': 'newcomer', 'permissions': {'can_send_to': '*'}}", 400),
        bad(AGENTS, "metadata an array", "{'agent_id': 'newcomer', 'metadata': []}", 400),
        bad(AGENTS, "unknown contact.method",
            "{'agent_id': 'newcomer', 'contact': {'method': 'carrier-pigeon'}}", 422),
        bad(AGENTS, "trust_tier 4", "{'agent_id': 'newcomer', 'trust_tier': 4}", 422),
        bad(AGENTS, "trust_tier 0", "{'agent_id': 'newcomer', 'trust_tier': 0}", 422),
        bad(AGENTS, "no agent_id", "{'name': 'Nameless', 'trust_tier': 2}", 422),
        bad(AGENTS, "agent_id null", "{'agent_id': null}", 422),
        bad(AGENTS, "webhook without webhook_url",
            "{'agent_id': 'newcomer', 'contact': {'method': 'webhook'}}", 422),
        bad(AGENTS, "agent_id with upper case", "{'agent_id': 'NewComer'}", 422),
        bad(AGENTS, "agent_id starting with a dash", "{'agent_id': '-newcomer'}", 422),
        bad(AGENTS, "agent_id of 65 characters", "{'agent_id': '" + "a".repeat(65) + "'}", 422),
        bad(AGENTS, "agent_id empty", "{'agent_id': ''}", 422),
        bad(AGENTS, "name over 1000 characters",
            "{'agent_id': 'newcomer', 'name': '" + "n".repeat(1001) + "'}", 422),
        // POST /agents/{id}/heartbeat
        bad(HEARTBEAT, "status a number", "{'status': 1}", 400),
        bad(HEARTBEAT, "status an array", "{'status': ['busy']}", 400),
        bad(HEARTBEAT, "unknown status", "{'status': 'asleep'}", 422),
        bad(HEARTBEAT, "status in upper case", "{'status': 'BUSY'}", 422),
        bad(HEARTBEAT, "status over-long", "{'status': '" + "b".repeat(100) + "'}", 422),
        // POST /tasks
        bad(TASKS, "title a number", "{'to_agent': 'worker', 'title': 5}", 400),
        bad(TASKS, "to_agent an array", "{'to_agent': ['worker'], 'title': 't'}", 400),
        bad(TASKS, "priority a number", "{'to_agent': 'worker', 'title': 't', 'priority': 1}", 400),
        bad(TASKS, "metadata a string", "{'to_agent': 'worker', 'title': 't', 'metadata': 'x'}", 400),
        bad(TASKS, "parts an object",
            "{'to_agent': 'worker', 'title': 't', 'parts': {'kind': 'text', 'text': 'x'}}", 400),
        bad(TASKS, "a part that is a string", "{'to_agent': 'worker', 'title': 't', 'parts': ['x']}", 400),
        bad(TASKS, "a text part whose text is a number",
            "{'to_agent': 'worker', 'title': 't', 'parts': [{'kind': 'text', 'text': 5}]}", 400),
        bad(TASKS, "a data part whose data is a string",
            "{'to_agent': 'worker', 'title': 't', 'parts': [{'kind': 'data', 'data': 'x'}]}", 400),
        bad(TASKS, "content a number", "{'to_agent': 'worker', 'title': 't', 'content': 5}", 400),
        bad(TASKS, "unknown priority", "{'to_agent': 'worker', 'title': 't', 'priority': 'critical'}", 422),
        bad(TASKS, "unknown part kind",
            "{'to_agent': 'worker', 'title': 't', 'parts': [{'kind': 'video', 'text': 'x'}]}", 422),
        bad(TASKS, "no to_agent", "{'title': 't'}", 422),
        bad(TASKS, "no title", "{'to_agent': 'worker'}", 422),
        bad(TASKS, "title of 501 characters", "{'to_agent': 'worker', 'title': '" + longTitle + "'}", 422),
        bad(TASKS, "due_by not a timestamp", "{'to_agent': 'worker', 'title': 't', 'due_by': 'tomorrow'}", 422),
        bad(TASKS, "both content and parts", "{'to_agent': 'worker', 'title': 't', 'content': 'x', "
            + "'parts': [{'kind': 'text', 'text': 'y'}]}", 422),
        bad(TASKS, "empty parts", "{'to_agent': 'worker', 'title': 't', 'parts': []}", 422),
        bad(TASKS, "a file part with uri and bytes", "{'to_agent': 'worker', 'title': 't', 'parts': "
            + "[{'kind': 'file', 'file': {'uri': 'https://example.com/a', 'bytes': 'aGk='}}]}", 422),
        bad(TASKS, "a file part whose bytes are not base64", "{'to_agent': 'worker', 'title': 't', 'parts': "
            + "[{'kind': 'file', 'file': {'bytes': '***'}}]}", 422),
        // PUT /tasks/{id}
        bad(MOVE, "status a boolean", "{'status': true}", 400),
        bad(MOVE, "message a number", "{'status': 'accepted', 'message': 5}", 400),
        bad(MOVE, "unknown status", "{'status': 'done'}", 422),
        bad(MOVE, "A2A status word instead of ours", "{'status': 'COMPLETED'}", 422),
        bad(MOVE, "no status", "{'message': 'taking it'}", 422),
        bad(MOVE, "empty object", "{}", 422),
        bad(MOVE, "status over-long", "{'status': '" + "s".repeat(100) + "'}", 422),
        // POST /messages
        bad(MESSAGES, "content a number", "{'to_agent': 'worker', 'content': 5}", 400),
        bad(MESSAGES, "to_agent a number", "{'to_agent': 7, 'content': 'x'}", 400),
        bad(MESSAGES, "parts an object", "{'to_agent': 'worker', 'parts': {'kind': 'text', 'text': 'x'}}", 400),
        bad(MESSAGES, "metadata an array", "{'to_agent': 'worker', 'content': 'x', 'metadata': []}", 400),
        bad(MESSAGES, "unknown part kind", "{'to_agent': 'worker', 'parts': [{'kind': 'audio', 'text': 'x'}]}", 422),
        bad(MESSAGES, "no content or parts", "{'to_agent': 'worker'}", 422),
        bad(MESSAGES, "neither task_id nor to_agent", "{'content': 'x'}", 422),
        bad(MESSAGES, "both task_id and to_agent", "{'task_id': '" + TASK + "', 'to_agent': 'worker', "
            + "'content': 'x'}", 422),
        bad(MESSAGES, "to_agent over 64 characters", "{'to_agent': '" + "w".repeat(65) + "', 'content': 'x'}", 422),
        bad(MESSAGES, "context_id over 128 characters",
            "{'to_agent': 'worker', 'content': 'x', 'context_id': '" + "c".repeat(129) + "'}", 422),
        // POST /tasks/{id}/artifacts
        bad(ARTIFACTS, "name a number", "{'name': 1, 'content': 'x'}", 400),
        bad(ARTIFACTS, "parts an object", "{'name': 'a', 'parts': {'kind': 'text', 'text': 'x'}}", 400),
        bad(ARTIFACTS, "mime_type a number", "{'name': 'a', 'content': 'x', 'mime_type': 7}", 400),
        bad(ARTIFACTS, "unknown part kind", "{'name': 'a', 'parts': [{'kind': 'blob', 'text': 'x'}]}", 422),
        bad(ARTIFACTS, "no name", "{'content': 'x'}", 422),
        bad(ARTIFACTS, "no content or parts", "{'name': 'a'}", 422),
        bad(ARTIFACTS, "name of 501 characters", "{'name': '" + longTitle + "', 'content': 'x'}", 422),
        // POST /broadcast
        bad(BROADCAST, "content a number", "{'content': 5}", 400),
        bad(BROADCAST, "parts an object", "{'parts': {'kind': 'text', 'text': 'x'}}", 400),
        bad(BROADCAST, "metadata a string", "{'content': 'x', 'metadata': 'x'}", 400),
        bad(BROADCAST, "unknown part kind", "{'parts': [{'kind': 'smoke-signal', 'text': 'x'}]}", 422),
        bad(BROADCAST, "no content or parts", "{'metadata': {}}", 422),
        bad(BROADCAST, "empty object", "{}", 422),
        bad(BROADCAST, "a file part whose mime_type is over 255 characters", "{'parts': [{'kind': 'file', "
            + "'file': {'uri': 'https://example.com/a', 'mime_type': '" + "m".repeat(256) + "'}}]}", 422),
        // POST /inbox/ack
        bad(ACK, "up_to_seq a string", "{'up_to_seq': '5'}", 400),
        bad(ACK, "up_to_seq a fraction", "{'up_to_seq': 1.5}", 400),
        bad(ACK, "delivery_ids a string", "{'delivery_ids': 'del_1'}", 400),
        bad(ACK, "delivery_ids holding a number", "{'delivery_ids': [1]}", 400),
        bad(ACK, "empty object", "{}", 422),
        bad(ACK, "both delivery_ids and up_to_seq", "{'delivery_ids': ['del_1'], 'up_to_seq': 1000000}", 422),
        bad(ACK, "negative up_to_seq", "{'up_to_seq': -1}", 422),
        bad(ACK, "a delivery id over 128 characters", "{'delivery_ids': ['" + "d".repeat(129) + "']}", 422));
  }

  // ---------------------------------------------------------------------------------------------
  // Tests

  @ParameterizedTest(name = "{0}")
  @MethodSource("endpoints")
  void acceptsTheValidBodyThatTheBadCasesDeriveFrom(Endpoint endpoint) {
    StoreState before = StoreState.of(api, workerKey);
    Api.Reply reply = send(endpoint, endpoint.valid(), Map.of());
    assertThat(reply.status()).as(reply.toString()).isBetween(200, 201);
    assertThat(StoreState.of(api, workerKey)).as("a successful write shows in the state these tests watch").isNotEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("generalCases")
  void refusesAnUnreadableBodyWithAProblemAndChangesNothing(BadCase bad) {
    refusesAndChangesNothing(bad);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fieldCases")
  void refusesABadFieldWithAProblemAndChangesNothing(BadCase bad) {
    refusesAndChangesNothing(bad);
  }

  @Test
  void answersAnUnknownRouteWith404Problem() {
    assertProblem(api.get("/api/v1/nothing-here", ADMIN), 404);
    assertProblem(api.post("/api/v1/tasks/" + taskId + "/nothing-here", ADMIN, new JsonObject()), 404);
    assertProblem(api.get("/nothing-here", null), 404);
  }

  @Test
  void answersAWrongMethodOnAKnownPathWith405Problem() {
    StoreState before = StoreState.of(api, workerKey);
    assertProblem(api.send(HttpMethod.PATCH, "/api/v1/tasks", ADMIN, new JsonObject().put("title", "x"), Map.of()),
        405);
    assertProblem(api.delete("/api/v1/tasks", ADMIN), 405);
    assertProblem(api.put("/api/v1/inbox/ack", workerKey, new JsonObject().put("up_to_seq", 1000000)), 405);
    assertProblem(api.get("/api/v1/broadcast", ADMIN), 405);
    assertThat(StoreState.of(api, workerKey)).isEqualTo(before);
  }

  @Test
  void refusesACallWithoutAKeyWith401AndAChallenge() {
    StoreState before = StoreState.of(api, workerKey);
    Api.Reply reply = api.post("/api/v1/tasks", null, new JsonObject().put("to_agent", "worker").put("title", "t"));
    assertProblem(reply, 401);
    assertThat(reply.header("WWW-Authenticate")).startsWithIgnoringCase("Bearer");
    Api.Reply read = api.get("/api/v1/agents", null);
    assertProblem(read, 401);
    assertThat(read.header("WWW-Authenticate")).startsWithIgnoringCase("Bearer");
    assertThat(StoreState.of(api, workerKey)).isEqualTo(before);
  }

  @Test
  void refusesAWrongOrMalformedKeyWith401() {
    StoreState before = StoreState.of(api, workerKey);
    JsonObject task = new JsonObject().put("to_agent", "worker").put("title", "t");
    assertProblem(api.post("/api/v1/tasks", "ark_" + "x".repeat(43), task), 401);
    assertProblem(api.post("/api/v1/tasks", ADMIN + "0", task), 401);
    assertProblem(api.send(HttpMethod.POST, "/api/v1/tasks", null, task,
        Map.of("Authorization", "Basic " + ADMIN)), 401);
    assertProblem(api.send(HttpMethod.GET, "/api/v1/agents", null, null, Map.of("Authorization", "Bearer ")), 401);
    assertThat(StoreState.of(api, workerKey)).isEqualTo(before);
  }

  /** No stored text can hold a NUL (PostgreSQL's cannot): refused wherever it comes, on either store. */
  @Test
  void refusesANulCharacterInThePathTheQueryOrTheBodyWith400() {
    StoreState before = StoreState.of(api, workerKey);
    assertProblem(api.get("/api/v1/agents/work%00er", ADMIN), 400);
    assertProblem(api.get("/api/v1/audit?agent=%00", ADMIN), 400);
    assertProblem(api.put("/api/v1/tasks/%00", workerKey, new JsonObject().put("status", "working")), 400);
    Api.Reply body = api.post("/api/v1/tasks", ADMIN,
        new JsonObject().put("to_agent", "worker").put("title", "t" + (char) 0 + "itle"));
    assertProblem(body, 400);
    assertThat(body.json().getString("detail")).contains("NUL");
    assertProblem(api.post("/api/v1/messages", ADMIN,
        new JsonObject().put("to_agent", "worker").put("content", "a" + (char) 0 + "b")), 400);
    assertThat(StoreState.of(api, workerKey)).isEqualTo(before);
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private void refusesAndChangesNothing(BadCase bad) {
    StoreState before = StoreState.of(api, workerKey);
    Api.Reply reply = send(bad.endpoint(), bad.body(), bad.headers());
    assertProblem(reply, bad.status());
    assertThat(StoreState.of(api, workerKey)).as("a refused request changes nothing").isEqualTo(before);
  }

  private Api.Reply send(Endpoint endpoint, String body, Map<String, String> headers) {
    String key = endpoint.caller() == Caller.ADMIN ? ADMIN : workerKey;
    return api.send(endpoint.method(), endpoint.path().replace(TASK, taskId), key, body.replace(TASK, taskId),
        headers);
  }

  /** An RFC 9457 problem with the given status, and nothing a client should not see. */
  static void assertProblem(Api.Reply reply, int status) {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
    String type = reply.header("Content-Type");
    assertThat(type).as("Content-Type of " + reply).isNotNull();
    assertThat(type.split(";")[0].trim().toLowerCase(Locale.ROOT)).as("media type of " + reply)
        .isEqualTo("application/problem+json");
    assertThat(reply.body()).as("body")
        .doesNotContain("at dev.")
        .doesNotContain("Exception")
        .doesNotContainIgnoringCase("<html");
    JsonObject problem = reply.json();
    assertThat(problem.getValue("type")).as("type in " + reply).isInstanceOf(String.class);
    assertThat(problem.getString("type")).isNotBlank();
    assertThat(problem.getValue("title")).as("title in " + reply).isInstanceOf(String.class);
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getValue("status")).as("status in " + reply).isEqualTo(status);
    assertThat(problem.getValue("detail")).as("detail in " + reply).isInstanceOf(String.class);
    assertThat(problem.getString("detail")).isNotBlank();
    assertThat(problem.getValue("code")).as("code in " + reply).isInstanceOf(String.class);
    assertThat(problem.getString("code")).matches("[a-z][a-z0-9_]*");
  }

  private static BadCase bad(Endpoint endpoint, String what, String singleQuotedBody, int status) {
    return raw(endpoint, what, j(singleQuotedBody), status);
  }

  private static BadCase raw(Endpoint endpoint, String what, String body, int status) {
    return new BadCase(endpoint, what, body, Map.of(), status);
  }

  /** JSON written with single quotes, for legibility; no case needs a literal apostrophe. */
  private static String j(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  /** The valid body with its first member given twice. */
  private static String duplicateFirstKey(String valid) {
    JsonObject object = new JsonObject(valid);
    String first = object.fieldNames().iterator().next();
    String member = new JsonObject().put(first, object.getValue(first)).encode();
    return "{" + member.substring(1, member.length() - 1) + "," + valid.substring(1);
  }
}
