package dev.agentrelay.core.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Permissions;
import io.vertx.core.Future;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The shared tool logic against a fake relay: the relay is the outside peer here. */
class ToolRunnerTest {

  final List<RelayRequest> sent = new ArrayList<>();
  RelayResponse answer = new RelayResponse(201, Json.object().put("task_id", "task_1").put("title", "t")
      .put("to_agent", "bob").put("status", "submitted").put("priority", "normal"), false, 0);
  Throwable failure;

  final RelayApi relay = new RelayApi() {
    @Override
    public Future<RelayResponse> send(RelayRequest request) {
      sent.add(request);
      return failure == null ? Future.succeededFuture(answer) : Future.failedFuture(failure);
    }

    @Override
    public String location() {
      return "http://relay.test:8400";
    }
  };

  ToolResult call(Permissions permissions, String tool, String arguments) throws Exception {
    ToolCaller caller = new ToolCaller("alice", () -> Future.succeededFuture(permissions), relay);
    return ToolRunner.call(caller, tool, arguments == null ? null : Json.MAPPER.readTree(arguments))
        .await(5, TimeUnit.SECONDS);
  }

  ToolResult call(String tool, String arguments) throws Exception {
    return call(Permissions.ALL, tool, arguments);
  }

  @Test
  void everyToolHasAnObjectSchemaThatMarksRequiredFieldsAndRefusesOthers() {
    assertThat(RelayTools.all()).extracting(ToolSpec::name).containsExactly("relay_inbox", "relay_wait_inbox",
        "relay_ack", "relay_send_task", "relay_update_task", "relay_send_message", "relay_get_task",
        "relay_list_tasks", "relay_agents", "relay_broadcast", "relay_attach_artifact", "relay_heartbeat");
    for (ToolSpec spec : RelayTools.all()) {
      ObjectNode tool = spec.mcpTool();
      assertThat(tool.path("description").asText()).hasSizeGreaterThan(40);
      assertThat(tool.path("inputSchema").path("type").asText()).isEqualTo("object");
      assertThat(tool.path("inputSchema").path("additionalProperties").asBoolean(true)).isFalse();
    }
    JsonNode send = RelayTools.find("relay_send_task").orElseThrow().inputSchema();
    assertThat(send.path("required")).extracting(JsonNode::asText).containsExactly("to_agent", "title");
    assertThat(send.path("properties").path("priority").path("enum")).extracting(JsonNode::asText)
        .containsExactly("low", "normal", "high", "urgent");
    JsonNode update = RelayTools.find("relay_update_task").orElseThrow().inputSchema();
    assertThat(update.path("required")).extracting(JsonNode::asText).containsExactly("task_id", "status");
    assertThat(update.path("properties").path("status").path("enum")).extracting(JsonNode::asText)
        .contains("working", "completed").doesNotContain("submitted");
  }

  @Test
  void listsOnlyTheToolsThePermissionsAllow() {
    Permissions two = new Permissions(null, null, List.of("relay_inbox", "relay_ack"));
    assertThat(RelayTools.allowed(two)).extracting(ToolSpec::name).containsExactly("relay_inbox", "relay_ack");
  }

  @Test
  void refusesAToolTheAgentMayNotUseWithoutCallingTheRelay() throws Exception {
    ToolResult result = call(new Permissions(null, null, List.of("relay_inbox")), "relay_send_task",
        "{\"to_agent\":\"bob\",\"title\":\"t\"}");
    assertThat(result.error()).isTrue();
    assertThat(result.text()).contains("may not use relay_send_task");
    assertThat(sent).isEmpty();
  }

  @Test
  void refusesUnknownArgumentsNamingTheRightOnes() throws Exception {
    ToolResult result = call("relay_send_task", "{\"to\":\"bob\",\"title\":\"t\"}");
    assertThat(result.error()).isTrue();
    assertThat(result.text()).contains("no argument 'to'").contains("to_agent");
    assertThat(sent).isEmpty();
  }

  @Test
  void refusesMissingRequiredArgumentsAndWordsOutsideAnEnum() throws Exception {
    assertThat(call("relay_send_task", "{\"title\":\"t\"}").text()).contains("'to_agent' is required");
    assertThat(call("relay_update_task", "{\"task_id\":\"task_1\",\"status\":\"done\"}").text())
        .contains("'status' must be one of: accepted, working");
    assertThat(call("relay_wait_inbox", "{\"wait\":61}").text()).contains("between 1 and 60");
    assertThat(call("relay_get_task", "{\"task_id\":\"..\"}").error()).isTrue();
    assertThat(sent).isEmpty();
  }

  @Test
  void sendsTheRestCallWithItsFieldNames() throws Exception {
    call("relay_update_task", "{\"task_id\":\"task 1/x\",\"status\":\"working\",\"message\":\"on it\"}");
    RelayRequest request = sent.get(0);
    assertThat(request.method()).isEqualTo("PUT");
    assertThat(request.path()).isEqualTo("/api/v1/tasks/task%201%2Fx");
    assertThat(request.body().toString()).isEqualTo("{\"message\":\"on it\",\"status\":\"working\"}");
    assertThat(request.idempotencyKey()).isNull();
  }

  @Test
  void aRetryInAnotherOrderCarriesTheSameIdempotencyKeyAndBody() throws Exception {
    call("relay_send_task", "{\"to_agent\":\"bob\",\"title\":\"t\",\"metadata\":{\"b\":1,\"a\":2}}");
    call("relay_send_task", "{\"metadata\":{\"a\":2,\"b\":1},\"title\":\"t\",\"to_agent\":\"bob\"}");
    call("relay_send_task", "{\"to_agent\":\"bob\",\"title\":\"other\"}");
    assertThat(sent.get(0).idempotencyKey()).startsWith("mcp-").isEqualTo(sent.get(1).idempotencyKey())
        .isNotEqualTo(sent.get(2).idempotencyKey());
    assertThat(Json.write(sent.get(0).body())).isEqualTo(Json.write(sent.get(1).body()));
  }

  @Test
  void anExplicitIdempotencyKeyGoesInTheHeaderNotTheBody() throws Exception {
    call("relay_broadcast", "{\"content\":\"hi\",\"idempotency_key\":\"k-1\"}");
    assertThat(sent.get(0).idempotencyKey()).isEqualTo("k-1");
    assertThat(sent.get(0).body().has("idempotency_key")).isFalse();
  }

  @Test
  void saysWhenTheRelayReplayedARetry() throws Exception {
    answer = new RelayResponse(201, answer.body(), true, 0);
    ToolResult result = call("relay_send_task", "{\"to_agent\":\"bob\",\"title\":\"t\"}");
    assertThat(result.error()).isFalse();
    assertThat(result.text()).contains("sent to bob").contains("created nothing new");
  }

  @Test
  void aLongPollWaitsItsDefaultAndTheClientWaitsLonger() throws Exception {
    answer = new RelayResponse(200, Json.object().put("next_after", 0).put("pending", 0)
        .set("items", Json.MAPPER.createArrayNode()), false, 0);
    ToolResult result = call("relay_wait_inbox", "{}");
    assertThat(sent.get(0).path()).isEqualTo("/api/v1/inbox?wait=30");
    assertThat(sent.get(0).timeout()).isGreaterThan(Duration.ofSeconds(30));
    assertThat(result.text()).contains("Nothing arrived within 30 s");
  }

  @Test
  void explainsRelayRefusalsWithWhatToDoNext() throws Exception {
    answer = problem(404, "agent_not_found", "agent 'x' is not registered", 0);
    assertThat(call("relay_send_task", "{\"to_agent\":\"x\",\"title\":\"t\"}").text())
        .isEqualTo("agent 'x' is not registered; call relay_agents to see who is.");
    answer = problem(409, "invalid_transition", "task 'task_1' cannot move from completed to working", 0);
    assertThat(call("relay_update_task", "{\"task_id\":\"task_1\",\"status\":\"working\"}").text())
        .contains("cannot move").contains("relay_get_task");
    answer = problem(429, "rate_limited", "too fast", 3);
    ToolResult limited = call("relay_inbox", null);
    assertThat(limited.error()).isTrue();
    assertThat(limited.text()).contains("wait 3 s");
    assertThat(limited.structured().path("code").asText()).isEqualTo("rate_limited");
  }

  @Test
  void anUnreachableRelayIsAnErrorResultNotAnException() throws Exception {
    failure = new ConnectException("Connection refused");
    ToolResult result = call("relay_agents", "{}");
    assertThat(result.error()).isTrue();
    assertThat(result.text()).contains("http://relay.test:8400 is unreachable (Connection refused)");
  }

  @Test
  void permissionsThatCannotBeLearnedRefuseTheCall() throws Exception {
    failure = new IOException("down");
    ToolCaller caller = new ToolCaller("alice", () -> AgentPermissions.fetch(relay, "alice"), relay);
    ToolResult result = ToolRunner.call(caller, "relay_send_task", Json.object()).await(5, TimeUnit.SECONDS);
    assertThat(result.error()).isTrue();
    assertThat(result.text()).contains("permissions are unknown");
    assertThat(sent).hasSize(1); // only the permissions lookup
  }

  private static RelayResponse problem(int status, String code, String detail, long retryAfter) {
    return new RelayResponse(status, Json.object().put("status", status).put("code", code).put("detail", detail),
        false, retryAfter);
  }
}
