package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random and mutated requests to every route and {@code /mcp}, with the keys of tiers 1 to 3 and with bad
 * keys, over raw sockets. No answer is a 5xx, every error is a problem document (or on {@code /mcp} a JSON-RPC
 * error), no answer shows a Java class, a stack or Jackson's words, and afterwards the relay serves as before and
 * holds exactly the tasks and agents its 201s announced. The seed is logged; {@code -Dfuzz.seed=} replays a run,
 * {@code -Dfuzz.requests=} and {@code -Dfuzz.seconds=} bound it.
 */
@ExtendWith(VertxExtension.class)
class FuzzTest {

  private static final String ADMIN = TestRelay.ADMIN_KEY;
  private static final String TIER2 = "fz-tier2";
  private static final String TIER3 = "fz-tier3";
  /** Every answer but a long poll's comes at once; a long poll here waits one second at most. */
  private static final int ANSWER_WITHIN_MILLIS = 5_000;

  @TempDir
  Path dir;
  TestRelay relay;
  Api api;
  FuzzRequests.Targets targets;

  @BeforeEach
  void start(Vertx vertx) {
    // the fuzzer sends bad keys from one address at full speed: with the per-address limit on failed
    // authentications (AuthFailureLimitTest covers it) its own valid requests would be answered 429 from then on
    relay = TestRelay.start(vertx, dir, Map.of("RELAY_AUTH_FAILURE_LIMIT", "0"));
    api = relay.api();
    String tier2Key = api.register(TIER2, 2, permissions(List.of("*")));
    String tier3Key = api.register(TIER3, 3, permissions(List.of(TIER2)));
    List<String> victims = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      api.register("victim-" + i, 3);
      victims.add("victim-" + i);
    }
    List<String> tasks = List.of(api.createTask(ADMIN, TIER2, "for tier 2"), api.createTask(ADMIN, TIER3, "for tier 3"),
        api.createTask(tier2Key, TIER3, "from tier 2"), api.createTask(tier3Key, TIER2, "from tier 3"));
    targets = new FuzzRequests.Targets(ADMIN, TIER2, tier2Key, TIER3, tier3Key, tasks, victims);
  }

  @AfterEach
  void stop() {
    relay.stop();
  }

  @Test
  void randomAndMutatedRequestsGetProblemsNeverServerErrorsAndCreateOnlyWhatTheyAnnounce() {
    long seed = Long.getLong("fuzz.seed", System.nanoTime());
    int maxRequests = Integer.getInteger("fuzz.requests", 3000);
    long deadline = System.nanoTime() + Long.getLong("fuzz.seconds", 35L) * 1_000_000_000L;
    System.out.println("FuzzTest seed: " + seed + " (replay with -Dfuzz.seed=" + seed + ")");
    int tasksBefore = countTasks();
    int agentsBefore = countAgents();

    FuzzRequests requests = new FuzzRequests(new Random(seed), targets, relay.port());
    FuzzFindings findings = new FuzzFindings(seed);
    int tasksCreated = 0;
    int agentsCreated = 0;
    int agentsDeleted = 0;
    int sent = 0;
    for (; sent < maxRequests && System.nanoTime() < deadline; sent++) {
      FuzzRequests.Request request = requests.next();
      RawHttp.Reply reply = RawHttp.exchange(relay.port(), requests.bytes(request), ANSWER_WITHIN_MILLIS);
      findings.judge(sent, request, reply);
      JsonObject created = createdObject(reply);
      tasksCreated += created.containsKey("title") && created.containsKey("task_id") ? 1 : 0;
      agentsCreated += created.containsKey("api_key") && created.containsKey("agent") ? 1 : 0;
      agentsDeleted += reply.status() == 204 && request.method().equals("DELETE") ? 1 : 0;
    }
    System.out.printf("FuzzTest: %d requests, %d tasks and %d agents created, %d agents deleted%n", sent,
        tasksCreated, agentsCreated, agentsDeleted);

    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(countTasks()).as("tasks: those before plus the 201s").isEqualTo(tasksBefore + tasksCreated);
    softly.assertThat(countAgents()).as("agents: those before plus the 201s minus the 204s")
        .isEqualTo(agentsBefore + agentsCreated - agentsDeleted);
    for (String key : List.of(ADMIN, targets.tier2Key(), targets.tier3Key())) {
      softly.assertThat(api.get("/api/v1/agents", key).status()).as("a fuzzer's key still works").isEqualTo(200);
    }
    softly.assertThat(api.get("/api/v1/health", null).json().getString("status")).isEqualTo("ok");
    String taskId = api.createTask(ADMIN, TIER3, "after the fuzz");
    softly.assertThat(api.inbox(targets.tier3Key()).encode()).contains(taskId);
    softly.assertThat(findings.isEmpty()).as(findings.report()).isTrue();
    softly.assertAll();
  }

  /** What a 201 that was not a replay created, or an empty object. */
  private static JsonObject createdObject(RawHttp.Reply reply) {
    if (reply.status() != 201 || "true".equals(reply.header("Idempotent-Replayed"))) {
      return new JsonObject();
    }
    try {
      return new JsonObject(reply.text());
    } catch (RuntimeException notAnObject) {
      return new JsonObject();
    }
  }

  private int countTasks() {
    int count = 0;
    String cursor = null;
    do {
      Api.Reply page = api.get("/api/v1/tasks?limit=200" + (cursor == null ? "" : "&cursor=" + cursor), ADMIN);
      assertThat(page.status()).as(page.toString()).isEqualTo(200);
      count += page.array("tasks").size();
      cursor = page.json().getString("next_cursor");
    } while (cursor != null);
    return count;
  }

  private int countAgents() {
    Api.Reply agents = api.get("/api/v1/agents", ADMIN);
    assertThat(agents.status()).as(agents.toString()).isEqualTo(200);
    return agents.array("agents").size();
  }

  private static JsonObject permissions(List<String> sendTo) {
    return new JsonObject().put("permissions", new JsonObject().put("can_send_to", new JsonArray(sendTo))
        .put("can_read_from", new JsonArray().add("*")));
  }
}
