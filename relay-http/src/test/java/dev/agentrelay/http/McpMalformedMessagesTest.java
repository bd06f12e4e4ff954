package dev.agentrelay.http;

import static dev.agentrelay.http.McpClients.MCP_HEADERS;
import static dev.agentrelay.http.McpClients.events;
import static dev.agentrelay.http.McpClients.inSession;
import static dev.agentrelay.http.McpClients.openSession;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Malformed MCP messages get a JSON-RPC error with 400, in plain words that name no internals, echoing the
 * request's id whenever it could be read; never a 500.
 */
@ExtendWith(RelayExtension.class)
class McpMalformedMessagesTest {

  private static final int PARSE_ERROR = -32700;
  private static final int INVALID_REQUEST = -32600;
  private static final int INVALID_PARAMS = -32602;
  private static final String CLIENT = "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}";
  private static final List<String> INTERNALS = List.of("java.", "com.", "io.modelcontextprotocol", "$", "Exception",
      "jackson");

  /** A message, whether it goes in a session, and what must come back: the code and the id echoed (or null). */
  private record Case(String body, boolean inSession, int code, Object id) {
  }

  private static final List<Case> CASES = List.of(
      // before any session
      new Case("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":null}", false, INVALID_PARAMS, 1),
      new Case("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\"}", false, INVALID_PARAMS, 1),
      new Case("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"initialize\",\"params\":[]}", false, INVALID_PARAMS,
          "a"),
      new Case("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":\"x\"}", false, INVALID_PARAMS, 1),
      new Case("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}", false, INVALID_PARAMS, 1),
      new Case("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
          + "\"capabilities\":[],\"clientInfo\":{}}}", false, INVALID_PARAMS, 1),
      new Case("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
          + "\"capabilities\":{\"roots\":7}," + CLIENT + "}}", false, INVALID_PARAMS, 1),
      new Case("{\"jsonrpc\":\"2.0\",\"id\":2}", false, INVALID_REQUEST, 2),
      new Case("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":5}", false, INVALID_REQUEST, 3),
      new Case("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"\"}", false, INVALID_REQUEST, 3),
      new Case("{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"initialize\",\"params\":{}}", false,
          INVALID_REQUEST, null),
      new Case("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"tools/list\"}", false, INVALID_REQUEST, null),
      new Case("{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"tools/list\"}", false, INVALID_REQUEST, null),
      new Case("{\"jsonrpc\":\"2.0\",\"id\":123456789012345678901234567890,\"method\":\"tools/list\"}", false,
          INVALID_REQUEST, null),
      new Case("{\"jsonrpc\":\"1.0\",\"id\":4,\"method\":\"initialize\",\"params\":{}}", false, INVALID_REQUEST, 4),
      new Case("{\"id\":4,\"method\":\"tools/list\"}", false, INVALID_REQUEST, 4),
      new Case("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]", false, INVALID_REQUEST, null),
      new Case("[]", false, INVALID_REQUEST, null),
      new Case("", false, PARSE_ERROR, null),
      new Case("   ", false, PARSE_ERROR, null),
      new Case("{\"jsonrpc\":\"2.0\",", false, PARSE_ERROR, null),
      new Case("{\"jsonrpc\":\"2.0\",\"id\":1,\"id\":2,\"method\":\"ping\"}", false, PARSE_ERROR, null),
      new Case("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"} {}", false, PARSE_ERROR, null),
      new Case("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"deep\":" + "[".repeat(5000)
          + "]".repeat(5000) + "}}", false, PARSE_ERROR, null),
      new Case("\"hello\"", false, INVALID_REQUEST, null),
      new Case("42", false, INVALID_REQUEST, null),
      new Case("null", false, INVALID_REQUEST, null),
      new Case("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\"}", false, INVALID_REQUEST, 5),
      new Case("{\"jsonrpc\":\"2.0\",\"id\":\"x-5\",\"method\":\"tools/call\",\"params\":{\"name\":\"relay_agents\"}}",
          false, INVALID_REQUEST, "x-5"),
      new Case("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", false, INVALID_REQUEST, null),
      new Case("{\"jsonrpc\":\"2.0\",\"id\":6,\"result\":{}}", false, INVALID_REQUEST, null),
      new Case("{\"jsonrpc\":\"2.0\",\"id\":6,\"error\":\"x\"}", false, INVALID_REQUEST, null),
      // in a session
      new Case("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":null}", true, INVALID_PARAMS, 7),
      new Case("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\"}", true, INVALID_PARAMS, 7),
      new Case("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":5}}", true,
          INVALID_PARAMS, 7),
      new Case("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{}}", true, INVALID_PARAMS, 7),
      new Case("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"relay_agents\","
          + "\"arguments\":\"x\"}}", true, INVALID_PARAMS, 7),
      new Case("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"logging/setLevel\",\"params\":null}", true,
          INVALID_PARAMS, 8),
      new Case("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"loud\"}}", true,
          INVALID_PARAMS, 8),
      new Case("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/list\",\"params\":[1]}", true, INVALID_PARAMS, 9),
      new Case("{\"jsonrpc\":\"2.0\",\"id\":99,\"result\":{}}", true, INVALID_REQUEST, null),
      new Case("{\"jsonrpc\":\"2.0\",\"method\":7}", true, INVALID_REQUEST, null));

  TestRelay relay;
  Api api;
  String alice;

  @BeforeEach
  void start(TestRelay relay) {
    this.relay = relay;
    api = relay.api();
    alice = api.register("alice", 2);
  }

  @Test
  void everyMalformedMessageGetsAPlainJsonRpcErrorWithItsId() {
    String session = openSession(api, "/mcp", alice);
    SoftAssertions softly = new SoftAssertions();
    for (Case sent : CASES) {
      Api.Reply reply = api.send(HttpMethod.POST, "/mcp", alice, sent.body(),
          sent.inSession() ? inSession(session) : MCP_HEADERS);
      softly.assertThat(reply.status()).as("%s -> %s", sent.body(), reply).isEqualTo(400);
      softly.assertThat(reply.header("Content-Type")).as(sent.body()).startsWith("application/json");
      JsonObject answer = answer(reply);
      softly.assertThat(answer.getString("jsonrpc")).as(sent.body()).isEqualTo("2.0");
      softly.assertThat(answer.getJsonObject("error", new JsonObject()).getInteger("code"))
          .as("%s -> %s", sent.body(), reply)
          .isEqualTo(sent.code());
      softly.assertThat(answer.getValue("id")).as("%s -> %s", sent.body(), reply).isEqualTo(sent.id());
      assertNamesNoInternals(softly, sent.body(), reply.body());
    }
    softly.assertAll();

    Api.Reply list = api.send(HttpMethod.POST, "/mcp", alice,
        "{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"tools/list\"}", inSession(session));
    assertThat(list.status()).as("the session still works").isEqualTo(200);
    assertThat(events(list.body()).get(0).getJsonObject("result").getJsonArray("tools")).isNotEmpty();
  }

  @Test
  void errorsOfTheSessionAndHeaderChecksEchoTheIdOnceItIsRead() {
    Api.Reply unknown = api.send(HttpMethod.POST, "/mcp", alice,
        "{\"jsonrpc\":\"2.0\",\"id\":\"q-1\",\"method\":\"tools/list\"}", inSession("no-such-session"));
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().getValue("id")).isEqualTo("q-1");

    String bob = api.register("bob", 2);
    String alicesSession = openSession(api, "/mcp", alice);
    Api.Reply foreign = api.send(HttpMethod.POST, "/mcp", bob,
        "{\"jsonrpc\":\"2.0\",\"id\":12345678901,\"method\":\"tools/list\"}", inSession(alicesSession));
    assertThat(foreign.status()).isEqualTo(404);
    assertThat(foreign.json().getValue("id")).isEqualTo(12345678901L);

    Map<String, String> future = new HashMap<>(inSession(alicesSession));
    future.put("MCP-Protocol-Version", "2099-01-01");
    Api.Reply unsupported = api.send(HttpMethod.POST, "/mcp", alice,
        "{\"jsonrpc\":\"2.0\",\"id\":\"v-1\",\"method\":\"tools/list\"}", future);
    assertThat(unsupported.status()).isEqualTo(400);
    assertThat(unsupported.json().getValue("id")).isEqualTo("v-1");

    Map<String, String> jsonOnly = new HashMap<>(inSession(alicesSession));
    jsonOnly.put("Accept", "application/json");
    Api.Reply unacceptable = api.send(HttpMethod.POST, "/mcp", alice,
        "{\"jsonrpc\":\"2.0\",\"id\":13,\"method\":\"tools/list\"}", jsonOnly);
    assertThat(unacceptable.status()).isEqualTo(400);
    assertThat(unacceptable.json().getValue("id")).isEqualTo(13);
  }

  @Test
  void anUnknownMethodInASessionIsAnsweredMethodNotFoundInPlainWords() {
    String session = openSession(api, "/mcp", alice);
    Api.Reply reply = api.send(HttpMethod.POST, "/mcp", alice, "{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"no/such\"}",
        inSession(session));
    JsonObject answer = events(reply.body()).get(0);
    assertThat(answer.getInteger("id")).isEqualTo(11);
    assertThat(answer.getJsonObject("error").getInteger("code")).isEqualTo(-32601);
    SoftAssertions softly = new SoftAssertions();
    assertNamesNoInternals(softly, "no/such", reply.body());
    softly.assertAll();
  }

  /** The JSON-RPC answer, even one that came (wrongly) on an event stream, so that every case is reported. */
  private static JsonObject answer(Api.Reply reply) {
    List<JsonObject> events = events(reply.body());
    return events.isEmpty() ? new JsonObject(reply.body()) : events.get(0);
  }

  private static void assertNamesNoInternals(SoftAssertions softly, String sent, String answer) {
    for (String internal : INTERNALS) {
      softly.assertThat(answer.toLowerCase(Locale.ROOT)).as("%s -> %s", sent, answer)
          .doesNotContain(internal.toLowerCase(Locale.ROOT));
    }
  }
}
