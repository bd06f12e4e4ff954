package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrelay.core.bus.AgentDirectory;
import dev.agentrelay.core.model.Agent;
import dev.agentrelay.core.model.AgentStatus;
import dev.agentrelay.core.model.Contact;
import dev.agentrelay.core.model.Permissions;
import dev.agentrelay.http.api.Requests;
import dev.agentrelay.http.mcp.McpCallPasses;
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
 * A pass spares a call its rate-limit token only while the {@code /mcp} request it was issued for is running, and
 * only for the agent it was issued to. Served by a real router: one route issues a pass and holds its request
 * open, the other stands for a REST route behind the rate limit (here one that always refuses).
 */
@ExtendWith(VertxExtension.class)
class McpCallPassesTest {

  private static final Map<String, Agent> AGENTS = Map.of(
      "alice", agent("alice", "2026-11-27T00:00:00.000Z"),
      "bob", agent("bob", "2026-11-27T00:00:00.000Z"),
      "alice-again", agent("alice", "2026-11-28T00:00:00.000Z"));

  private final McpCallPasses passes = new McpCallPasses(new AgentDirectory());
  private final Promise<Void> release = Promise.promise();
  private HttpServer server;
  private HttpClient client;
  private Api rest;

  @BeforeEach
  void start(Vertx vertx) {
    Router router = Router.router(vertx);
    router.route().handler(ctx -> {
      ctx.put(Requests.AGENT_KEY, AGENTS.get(ctx.request().getHeader("X-Test-Agent")));
      ctx.next();
    });
    router.get("/mcp").handler(ctx -> {
      String pass = passes.issue(ctx, Requests.actor(ctx));
      ctx.response().setChunked(true).write(pass);
      release.future().onComplete(released -> ctx.response().end());
    });
    router.get("/rest").handler(passes.unlessPaid(ctx -> ctx.response().setStatusCode(429).end()))
        .handler(ctx -> ctx.response().end());
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
  void aLivePassSparesTheTokenOfItsOwnAgentOnly() {
    Promise<String> issued = Promise.promise();
    Promise<Void> ended = Promise.promise();
    // the handlers are set before the request is sent, so that they are in place when the answer arrives
    client.request(options("/mcp", "alice")).compose(request -> {
      request.response().onSuccess(response -> response.handler(chunk -> issued.tryComplete(chunk.toString()))
          .endHandler(v -> ended.complete()));
      return request.end();
    });
    String pass = TestRelay.await(issued.future());

    assertThat(status("alice", pass)).isEqualTo(200);
    assertThat(status("bob", pass)).isEqualTo(429);
    assertThat(status("alice-again", pass)).as("the same id registered again").isEqualTo(429);
    assertThat(status("alice", null)).isEqualTo(429);
    assertThat(status("alice", pass + "x")).isEqualTo(429);

    release.complete();
    TestRelay.await(ended.future());
    assertThat(status("alice", pass)).as("after its request ended").isEqualTo(429);
  }

  private int status(String agent, String pass) {
    Map<String, String> headers = pass == null ? Map.of("X-Test-Agent", agent)
        : Map.of("X-Test-Agent", agent, McpCallPasses.HEADER, pass);
    return rest.send(HttpMethod.GET, "/rest", null, null, headers).status();
  }

  private RequestOptions options(String path, String agent) {
    return new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(server.actualPort())
        .setURI(path).putHeader("X-Test-Agent", agent);
  }

  private static Agent agent(String id, String registeredAt) {
    return new Agent(id, id, null, null, List.of(), 2, Contact.POLL, Permissions.ALL, AgentStatus.OFFLINE, null,
        null, registeredAt, registeredAt);
  }
}
