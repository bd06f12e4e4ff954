package dev.agentrelay.http;

import static dev.agentrelay.http.BadInputTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Query parameters out of range are refused (never capped), and RELAY_RATE_LIMIT limits each agent on its own. */
@ExtendWith(VertxExtension.class)
class LimitsTest {

  private static final String ADMIN = TestRelay.ADMIN_KEY;
  private static final int RATE = 5;
  private static final int BURST = 2 * RATE;

  @TempDir
  Path dir;
  Vertx vertx;
  TestRelay relay;
  Api api;
  String workerKey;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    relay = TestRelay.start(vertx, dir);
    api = relay.api();
    workerKey = api.register("worker", 2);
    api.createTask(ADMIN, "worker", "Summarise the logs");
  }

  @AfterEach
  void stop() {
    relay.stop();
  }

  // ---------------------------------------------------------------------------------------------
  // Query parameters

  @ParameterizedTest(name = "GET /inbox?{0} -> 400")
  @ValueSource(strings = {"limit=201", "limit=0", "limit=-1", "limit=abc", "limit=1.5", "limit=99999999999999999999",
      "wait=61", "wait=-1", "wait=abc", "after=-1", "after=abc", "limit=5&limit=6", "limit=5&limit=5",
      "wait=1&wait=1", "after=0&after=1"})
  void refusesAnInboxParameterOutOfRange(String query) {
    Api.Reply reply = api.get("/api/v1/inbox?" + query, workerKey);
    assertProblem(reply, 400);
    assertThat(api.inbox(workerKey).getInteger("pending")).as("a refused read acknowledges nothing").isEqualTo(1);
  }

  @ParameterizedTest(name = "GET /tasks?{0} -> 400")
  @ValueSource(strings = {"limit=201", "limit=0", "limit=abc", "since=not-a-date", "since=2026-13-45T99:00:00Z",
      "cursor=garbage", "cursor=%%%", "limit=5&limit=5", "to=worker&to=admin"})
  void refusesATasksParameterOutOfRange(String query) {
    assertProblem(api.get("/api/v1/tasks?" + query, ADMIN), 400);
  }

  @Test
  void refusesACursorThatDecodesButWasNotGivenOut() {
    String forged = Base64.getUrlEncoder().withoutPadding().encodeToString("p:not-a-number".getBytes(StandardCharsets.UTF_8));
    assertProblem(api.get("/api/v1/tasks?cursor=" + forged, ADMIN), 400);
    assertProblem(api.get("/api/v1/audit?cursor=" + forged, ADMIN), 400);
  }

  @ParameterizedTest(name = "GET /audit?{0} -> 400")
  @ValueSource(strings = {"limit=201", "limit=0", "limit=abc", "since=yesterday", "cursor=garbage",
      "limit=10&limit=20", "agent=worker&agent=admin"})
  void refusesAnAuditParameterOutOfRange(String query) {
    assertProblem(api.get("/api/v1/audit?" + query, ADMIN), 400);
  }

  @Test
  void acceptsTheBoundsThemselves() {
    for (String path : List.of("/api/v1/inbox?limit=200", "/api/v1/inbox?limit=1", "/api/v1/inbox?wait=0",
        "/api/v1/inbox?after=0", "/api/v1/tasks?limit=200", "/api/v1/tasks?limit=1",
        "/api/v1/tasks?since=2020-01-01T00:00:00.000Z", "/api/v1/audit?limit=200", "/api/v1/audit?limit=1")) {
      Api.Reply reply = api.get(path, path.contains("inbox") ? workerKey : ADMIN);
      assertThat(reply.status()).as(path + " -> " + reply).isEqualTo(200);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Rate limit

  @Test
  void anAgentOverItsRateGets429WithRetryAfter() {
    Api limited = startRateLimitedRelay();
    String key = limited.register("chatty", 2);

    List<Api.Reply> replies = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      replies.add(limited.get("/api/v1/agents", key));
    }

    assertThat(replies.get(0).status()).as("the first request is within the burst").isEqualTo(200);
    List<Api.Reply> refused = replies.stream().filter(r -> r.status() == 429).toList();
    assertThat(refused).as("30 quick requests at %d/s, burst %d", RATE, BURST).isNotEmpty();
    assertThat(replies).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isIn(200, 429));
    for (Api.Reply reply : refused) {
      assertProblem(reply, 429);
      assertThat(reply.json().getString("code")).isEqualTo("rate_limited");
      String retryAfter = reply.header("Retry-After");
      assertThat(retryAfter).as("Retry-After").isNotNull().matches("[1-9][0-9]*");
    }
  }

  @Test
  void oneAgentsUseDoesNotLimitAnother() {
    Api limited = startRateLimitedRelay();
    String chatty = limited.register("chatty", 2);
    String quiet = limited.register("quiet", 2);

    int refused = 0;
    for (int i = 0; i < 30; i++) {
      refused += limited.get("/api/v1/agents", chatty).status() == 429 ? 1 : 0;
    }
    assertThat(refused).as("chatty is being limited").isPositive();

    for (int i = 0; i < RATE; i++) {
      Api.Reply reply = limited.get("/api/v1/agents", quiet);
      assertThat(reply.status()).as("quiet's request %d: %s", i, reply).isEqualTo(200);
    }
  }

  @Test
  void healthIsNeverRateLimited() {
    Api limited = startRateLimitedRelay();
    String chatty = limited.register("chatty", 2);
    for (int i = 0; i < 30; i++) {
      limited.get("/api/v1/agents", chatty);
    }
    for (int i = 0; i < 30; i++) {
      Api.Reply anonymous = limited.get("/api/v1/health", null);
      assertThat(anonymous.status()).as("anonymous health %d: %s", i, anonymous).isEqualTo(200);
      Api.Reply keyed = limited.get("/api/v1/health", chatty);
      assertThat(keyed.status()).as("health with a limited agent's key %d: %s", i, keyed).isEqualTo(200);
    }
  }

  /**
   * The limit is per agent, whatever connection a request arrives on: one agent opening a new connection for
   * every request gets no more than the burst plus what the rate refills meanwhile.
   */
  @Test
  void theBurstIsPerAgentNotPerConnection() {
    Api limited = startRateLimitedRelay();
    String key = limited.register("hopper", 2);
    WebClient oneConnectionPerRequest = WebClient.create(vertx, new WebClientOptions().setKeepAlive(false),
        new PoolOptions().setHttp1MaxSize(1));
    try {
      Api hopper = new Api(oneConnectionPerRequest, "127.0.0.1", relay.port());
      long started = System.nanoTime();
      int accepted = 0;
      for (int i = 0; i < 40; i++) {
        accepted += hopper.get("/api/v1/agents", key).status() == 200 ? 1 : 0;
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      int allowed = BURST + (int) Math.ceil(seconds * RATE) + 1;
      assertThat(accepted).as("accepted of 40 requests in %.2f s at %d/s, burst %d", seconds, RATE, BURST)
          .isLessThanOrEqualTo(allowed);
    } finally {
      oneConnectionPerRequest.close();
    }
  }

  /**
   * Replaces the default relay with one limited to {@link #RATE} requests a second. Two relays cannot share
   * one Vert.x (their stores answer on the same event-bus addresses), so the default one stops first.
   */
  private Api startRateLimitedRelay() {
    relay.stop();
    relay = TestRelay.start(vertx, dir.resolve("rate-limited"), Map.of("RELAY_RATE_LIMIT", String.valueOf(RATE)));
    return relay.api();
  }
}
