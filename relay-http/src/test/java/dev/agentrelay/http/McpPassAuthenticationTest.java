package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrelay.core.RelayCounters;
import dev.agentrelay.core.RelayMeters;
import dev.agentrelay.core.auth.ApiKeys;
import dev.agentrelay.core.bus.AgentDirectory;
import dev.agentrelay.core.model.Agent;
import dev.agentrelay.core.model.AgentAccount;
import dev.agentrelay.core.model.AgentStatus;
import dev.agentrelay.core.model.Contact;
import dev.agentrelay.core.model.Permissions;
import dev.agentrelay.core.store.PendingDeliveries;
import dev.agentrelay.http.api.ProblemFailureHandler;
import dev.agentrelay.http.api.Requests;
import dev.agentrelay.http.mcp.McpCallPasses;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A {@code /mcp} pass carries its request's authentication to the loopback calls: the key is hashed and looked up
 * once, by the {@code /mcp} request, and a pass stops vouching the moment its key is rotated or its agent removed.
 * Served by a real router with the relay's {@link Authenticator}: one route issues a pass and holds its request
 * open, the other stands for a REST route.
 */
@ExtendWith(VertxExtension.class)
class McpPassAuthenticationTest {

  private static final String KEY = "ar_alice_first_key";

  private final AgentDirectory agents = new AgentDirectory();
  private final McpCallPasses passes = new McpCallPasses(agents);
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Promise<Void> release = Promise.promise();
  private HttpServer server;
  private HttpClient client;
  private Api rest;

  @BeforeEach
  void start(Vertx vertx) {
    agents.put(new AgentAccount(agent("alice", "2026-11-27T00:00:00.000Z"), ApiKeys.hash(KEY), null));
    PendingDeliveries pending = new PendingDeliveries();
    Authenticator authenticator = new Authenticator(agents,
        new AuthFailureLimiter(0, new RelayMeters(registry, new RelayCounters(), pending)), passes, registry);
    Router router = Router.router(vertx);
    router.route().handler(authenticator);
    router.get("/mcp").handler(ctx -> {
      String pass = passes.issue(ctx, Requests.actor(ctx));
      ctx.response().setChunked(true).write(pass);
      release.future().onComplete(released -> ctx.response().end());
    });
    router.get("/rest").handler(ctx -> ctx.response().end(Requests.actor(ctx).agentId()));
    router.route().failureHandler(new ProblemFailureHandler());
    server = TestRelay.await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    client = vertx.createHttpClient();
    rest = new Api(WebClient.create(vertx), "127.0.0.1", server.actualPort());
  }

  @AfterEach
  void stop() {
    release.tryComplete();
    TestRelay.await(client.close());
    TestRelay.await(server.close());
  }

  @Test
  void aLivePassSparesTheLoopbackCallTheKeyCheck() {
    String pass = openMcpRequest(KEY);
    assertThat(keyChecks()).as("the /mcp request checked the key").isEqualTo(1);

    Api.Reply vouched = call(KEY, pass);
    assertThat(vouched.status()).isEqualTo(200);
    assertThat(vouched.body()).isEqualTo("alice");
    assertThat(call(KEY, pass).status()).isEqualTo(200);
    assertThat(keyChecks()).as("the loopback calls did not check it again").isEqualTo(1);

    assertThat(call(KEY, pass + "x").status()).as("a made-up pass: the key is checked").isEqualTo(200);
    assertThat(keyChecks()).isEqualTo(2);
    assertThat(call("ar_not_a_key", pass).status()).as("a pass vouches only for its own key").isEqualTo(401);
    assertThat(keyChecks()).isEqualTo(3);
  }

  @Test
  void aKeyRotatedAfterThePassWasIssuedIsRefused() {
    String pass = openMcpRequest(KEY);
    String rotated = "ar_alice_second_key";
    agents.put(new AgentAccount(agents.find("alice").orElseThrow(), ApiKeys.hash(rotated), null));

    Api.Reply refused = call(KEY, pass);
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.json().getString("code")).isEqualTo("invalid_key");
    assertThat(call(rotated, pass).status()).as("nor does the pass vouch for the new key").isEqualTo(200);
    assertThat(keyChecks()).isEqualTo(3);
  }

  @Test
  void anAgentRemovedOrRegisteredAgainAfterThePassWasIssuedIsRefused() {
    String pass = openMcpRequest(KEY);
    agents.remove("alice");
    assertThat(call(KEY, pass).status()).isEqualTo(401);

    agents.put(new AgentAccount(agent("alice", "2026-11-28T00:00:00.000Z"), ApiKeys.hash(KEY), null));
    assertThat(call(KEY, pass).body()).isEqualTo("alice");
    assertThat(keyChecks()).as("the same key of a new registration is checked afresh").isEqualTo(3);
  }

  /** Opens a {@code /mcp} request with {@code key}, which stays open; answers its pass. */
  private String openMcpRequest(String key) {
    Promise<String> issued = Promise.promise();
    client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(server.actualPort())
        .setURI("/mcp").putHeader("Authorization", "Bearer " + key)).compose(request -> {
          request.response().onSuccess(response -> response.handler(chunk -> issued.tryComplete(chunk.toString())));
          return request.end();
        });
    return TestRelay.await(issued.future());
  }

  private Api.Reply call(String key, String pass) {
    return rest.send(HttpMethod.GET, "/rest", key, null, Map.of(McpCallPasses.HEADER, pass));
  }

  private long keyChecks() {
    return (long) registry.get("relay.auth.key.checks").counter().count();
  }

  private static Agent agent(String id, String registeredAt) {
    return new Agent(id, id, null, null, List.of(), 2, Contact.POLL, Permissions.ALL, AgentStatus.OFFLINE, null,
        null, registeredAt, registeredAt);
  }
}
