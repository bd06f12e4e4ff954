package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentrelay.core.RelayCounters;
import dev.agentrelay.core.RelayMeters;
import dev.agentrelay.core.RelayVersion;
import dev.agentrelay.core.bus.AgentDirectory;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.bus.HandOvers;
import dev.agentrelay.core.store.PendingDeliveries;
import dev.agentrelay.http.api.ApiRouter;
import dev.agentrelay.http.mcp.McpHttp;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps {@code GET /api/v1/openapi.json} true: the router serves exactly the operations the document lists,
 * the document is complete and consistent, the key requirement is the one it states, and real answers of a
 * relay match the schemas documented for their status and content type.
 */
@ExtendWith(VertxExtension.class)
class OpenApiTest {

  private static final String ADMIN = TestRelay.ADMIN_KEY;
  private static final String DOC_PATH = "/api/v1/openapi.json";
  private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options",
      "trace");
  private static final Pattern TEMPLATE_PARAM = Pattern.compile("\\{([^}]+)}");

  /** One documented operation. */
  record Operation(String method, String path, JsonNode node) {

    String key() {
      return method + " " + path;
    }
  }

  @TempDir
  Path dir;
  TestRelay relay;
  Api api;
  JsonNode doc;
  SchemaCheck schemas;
  final Map<String, Operation> operations = new LinkedHashMap<>();

  @BeforeEach
  void start(Vertx vertx) throws IOException {
    // one keyless call per operation: more than one address's failure budget (RELAY_AUTH_FAILURE_LIMIT) allows
    relay = TestRelay.start(vertx, dir, Map.of("RELAY_MAX_BODY_BYTES", "65536", "RELAY_AUTH_FAILURE_LIMIT", "0"));
    api = relay.api();
    Api.Reply reply = api.get(DOC_PATH, null);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    doc = Json.MAPPER.readTree(reply.body());
    schemas = new SchemaCheck(doc);
    for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      if (!path.getKey().startsWith(ApiRouter.BASE + "/")) {
        continue; // the A2A bindings: A2aOpenApiTest
      }
      for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
        Map.Entry<String, JsonNode> op = ops.next();
        if (HTTP_METHODS.contains(op.getKey())) {
          String id = op.getValue().path("operationId").asText();
          assertThat(operations).as("operationId '%s' is used twice", id).doesNotContainKey(id);
          operations.put(id, new Operation(op.getKey().toUpperCase(Locale.ROOT), path.getKey(), op.getValue()));
        }
      }
    }
  }

  @AfterEach
  void stop() {
    relay.stop();
  }

  @Test
  void isServedWithoutAKeyAsOpenApi31WithTheRelaysVersion() {
    Api.Reply reply = api.get(DOC_PATH, null);
    assertThat(reply.header("Content-Type")).isEqualTo("application/json");
    assertThat(doc.path("openapi").asText()).isEqualTo("3.1.0");
    assertThat(doc.at("/info/title").asText()).isEqualTo("Agent Relay");
    assertThat(doc.at("/info/version").asText()).isEqualTo(RelayVersion.VERSION);
    assertThat(doc.at("/servers/0/url").asText()).isEqualTo("http://localhost:8400");
    assertThat(doc.at("/components/securitySchemes/bearerAuth/scheme").asText()).isEqualTo("bearer");
    assertThat(doc.at("/security/0").has("bearerAuth")).isTrue();
    assertThat(operations).hasSizeGreaterThanOrEqualTo(20);
  }

  @Test
  void documentsExactlyTheOperationsTheRouterServes(Vertx vertx) {
    Set<String> served = new TreeSet<>();
    for (Route route : routerOfThisBuild(vertx).getRoutes()) {
      String path = route.getPath();
      if (path == null || !path.startsWith(ApiRouter.BASE + "/") || route.methods() == null) {
        continue;
      }
      String documentedPath = path.replaceAll(":([A-Za-z0-9_]+)", "{$1}");
      route.methods().forEach(method -> served.add(method.name() + " " + documentedPath));
    }
    Set<String> documented = new TreeSet<>();
    operations.values().forEach(op -> documented.add(op.key()));

    assertThat(served).as("the router serves operations under " + ApiRouter.BASE).isNotEmpty();
    assertThat(difference(served, documented)).as("served but not in openapi.json").isEmpty();
    assertThat(difference(documented, served)).as("in openapi.json but not served").isEmpty();
  }

  @Test
  void everyReferenceResolvesAndEveryOperationIsComplete() {
    List<String> refs = new ArrayList<>();
    collectRefs(doc, refs);
    assertThat(refs).isNotEmpty();
    assertThat(refs).as("every $ref resolves").allSatisfy(ref -> assertThat(schemas.resolve(ref)).as(ref).isNotNull());

    for (Operation op : operations.values()) {
      String name = op.key();
      assertThat(op.node().path("summary").asText()).as(name + " summary").isNotBlank();
      List<String> statuses = new ArrayList<>();
      op.node().path("responses").fieldNames().forEachRemaining(statuses::add);
      assertThat(statuses).as(name + " has a 2xx response").anyMatch(status -> status.startsWith("2"));
      for (String status : statuses) {
        JsonNode response = schemas.deref(op.node().at("/responses/" + status));
        assertThat(response.path("description").asText()).as(name + " " + status + " description").isNotBlank();
        if (status.startsWith("4") || (status.startsWith("5") && !op.path().endsWith("/health"))) {
          assertThat(response.path("content").has("application/problem+json")).as(name + " " + status + " is a problem")
              .isTrue();
        }
      }
      Set<String> pathParams = new HashSet<>();
      List<JsonNode> params = new ArrayList<>();
      doc.at("/paths/" + op.path().replace("~", "~0").replace("/", "~1") + "/parameters").forEach(params::add);
      op.node().path("parameters").forEach(params::add);
      for (JsonNode param : params) {
        JsonNode resolved = schemas.deref(param);
        assertThat(resolved.has("schema")).as(name + " parameter " + resolved.path("name") + " has a schema").isTrue();
        if (resolved.path("in").asText().equals("path")) {
          assertThat(resolved.path("required").asBoolean()).as(name + " path parameters are required").isTrue();
          pathParams.add(resolved.path("name").asText());
        }
      }
      Set<String> templated = new HashSet<>();
      Matcher matcher = TEMPLATE_PARAM.matcher(op.path());
      while (matcher.find()) {
        templated.add(matcher.group(1));
      }
      assertThat(pathParams).as(name + " declares its path parameters").isEqualTo(templated);
    }
  }

  @Test
  void operationsNeedAKeyExactlyWhereTheDocumentSays() {
    for (Operation op : operations.values()) {
      boolean isPublic = op.node().has("security") && op.node().get("security").isEmpty();
      String path = op.path().replaceAll("\\{[^}]+}", "x");
      Api.Reply reply = api.send(HttpMethod.valueOf(op.method()), path, null, null, Map.of());
      if (isPublic) {
        assertThat(reply.status()).as(op.key() + " needs no key").isBetween(200, 299);
        conforms(op.node().path("operationId").asText(), reply);
      } else {
        assertThat(reply.status()).as(op.key() + " needs a key").isEqualTo(401);
        conforms(op.node().path("operationId").asText(), reply);
      }
    }
  }

  @Test
  void realAnswersMatchTheDocumentedSchemas(Vertx vertx) {
    JsonObject webhook = new JsonObject().put("contact",
        new JsonObject().put("method", "webhook").put("webhook_url", "http://127.0.0.1:9/hook"));
    Api.Reply registered = api.post("/api/v1/agents", ADMIN, new JsonObject().put("agent_id", "worker")
        .put("trust_tier", 2).put("capabilities", new JsonArray().add("code")).mergeIn(webhook));
    conforms("registerAgent", registered);
    assertThat(registered.json().getString("webhook_secret")).startsWith("whsec_");
    String worker = registered.json().getString("api_key");
    conforms("registerAgent", api.post("/api/v1/agents", ADMIN, new JsonObject().put("agent_id", "worker")));
    conforms("registerAgent", api.post("/api/v1/agents", ADMIN, new JsonObject().put("agent_id", "Not Valid")));
    conforms("registerAgent", api.post("/api/v1/agents", worker, new JsonObject().put("agent_id", "other")));
    String poller = api.register("poller", 3);

    conforms("listAgents", api.get("/api/v1/agents", ADMIN));
    conforms("getAgent", api.get("/api/v1/agents/worker", poller));
    conforms("getAgent", api.get("/api/v1/agents/nobody", poller));
    conforms("heartbeat", api.post("/api/v1/agents/worker/heartbeat", worker, new JsonObject().put("status", "busy")));
    conforms("heartbeat", api.post("/api/v1/agents/poller/heartbeat", poller, null));
    conforms("heartbeat", api.post("/api/v1/agents/worker/heartbeat", worker, new JsonObject().put("status", "away")));
    Api.Reply rotated = api.post("/api/v1/agents/worker/keys", worker,
        new JsonObject().put("rotate_webhook_secret", true));
    conforms("rotateKey", rotated);
    worker = rotated.json().getString("api_key");
    conforms("rotateKey", api.post("/api/v1/agents/poller/keys", worker, null));

    JsonArray parts = new JsonArray()
        .add(new JsonObject().put("kind", "text").put("text", "summarise"))
        .add(new JsonObject().put("kind", "data").put("data", new JsonObject().put("hours", 24)))
        .add(new JsonObject().put("kind", "file").put("file",
            new JsonObject().put("name", "log.txt").put("mime_type", "text/plain").put("bytes", "aGVsbG8=")))
        .add(new JsonObject().put("kind", "file").put("file", new JsonObject().put("uri", "https://example.com/a")));
    JsonObject task = new JsonObject().put("to_agent", "worker").put("title", "Summarise the logs")
        .put("priority", "high").put("due_by", "2030-01-01T00:00:00Z").put("parts", parts)
        .put("metadata", new JsonObject().put("ticket", 7));
    Map<String, String> once = Map.of("Idempotency-Key", "openapi-task-1");
    Api.Reply created = api.send(HttpMethod.POST, "/api/v1/tasks", ADMIN, task, once);
    conforms("createTask", created);
    Api.Reply replayed = api.send(HttpMethod.POST, "/api/v1/tasks", ADMIN, task, once);
    assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
    conforms("createTask", replayed);
    conforms("createTask", api.send(HttpMethod.POST, "/api/v1/tasks", ADMIN, task.copy().put("title", "other"), once));
    conforms("createTask", api.post("/api/v1/tasks", ADMIN, new JsonObject().put("to_agent", "nobody").put("title", "t")));
    conforms("createTask", api.send(HttpMethod.POST, "/api/v1/tasks", ADMIN, "to_agent=worker",
        Map.of("Content-Type", "text/plain")));
    conforms("createTask", api.post("/api/v1/tasks", ADMIN, "{\"to_agent\": "));
    String taskId = created.json().getString("task_id");

    conforms("listTasks", api.get("/api/v1/tasks?to=worker&limit=10", ADMIN));
    conforms("listTasks", api.get("/api/v1/tasks?limit=201", ADMIN));
    conforms("listTasks", api.get("/api/v1/tasks?status=lost", ADMIN));
    conforms("updateTask", api.put("/api/v1/tasks/" + taskId, worker,
        new JsonObject().put("status", "working").put("message", "on it")));
    conforms("updateTask", api.put("/api/v1/tasks/" + taskId, worker, new JsonObject().put("status", "submitted")));
    conforms("updateTask", api.put("/api/v1/tasks/" + taskId, poller, new JsonObject().put("status", "failed")));
    conforms("attachArtifact", api.post("/api/v1/tasks/" + taskId + "/artifacts", worker,
        new JsonObject().put("name", "summary.md").put("content", "# Summary").put("mime_type", "text/markdown")));
    conforms("attachArtifact", api.post("/api/v1/tasks/task_nope/artifacts", worker,
        new JsonObject().put("name", "x").put("content", "y")));
    conforms("sendMessage", api.post("/api/v1/messages", worker,
        new JsonObject().put("task_id", taskId).put("content", "half done")));
    conforms("sendMessage", api.post("/api/v1/messages", ADMIN,
        new JsonObject().put("to_agent", "worker").put("parts", parts).put("metadata", new JsonObject().put("a", 1))));
    conforms("sendMessage", api.post("/api/v1/messages", ADMIN, new JsonObject().put("to_agent", "worker")));
    conforms("broadcast", api.post("/api/v1/broadcast", ADMIN, new JsonObject().put("content", "hello all")));
    conforms("broadcast", api.post("/api/v1/broadcast", poller, new JsonObject().put("content", "hello all")));
    conforms("getTask", api.get("/api/v1/tasks/" + taskId, worker));
    conforms("getTask", api.get("/api/v1/tasks/" + taskId, poller));
    conforms("getTask", api.get("/api/v1/tasks/task_nope", ADMIN));
    conforms("updateTask", api.put("/api/v1/tasks/" + taskId, worker, new JsonObject().put("status", "completed")));
    conforms("sendMessage", api.post("/api/v1/messages", ADMIN,
        new JsonObject().put("task_id", taskId).put("content", "too late")));

    conforms("attachArtifact", api.post("/api/v1/tasks/" + taskId + "/artifacts", ADMIN,
        new JsonObject().put("name", "closed").put("content", "x")));

    Set<String> events = new TreeSet<>();
    Api.Reply inbox = null;
    for (String key : List.of(ADMIN, worker)) {
      inbox = api.get("/api/v1/inbox?limit=200", key);
      conforms("readInbox", inbox);
      inbox.json().getJsonArray("items").forEach(item -> events.add(((JsonObject) item).getString("event")));
    }
    assertThat(events).as("every event kind was checked")
        .containsExactly("artifact.new", "broadcast", "message.new", "task.created", "task.updated");
    conforms("readInbox", api.get("/api/v1/inbox?wait=61", worker));
    conforms("readInbox", api.get("/api/v1/inbox?agent_id=poller", worker));
    conforms("readInbox", api.get("/api/v1/inbox?agent_id=nobody", ADMIN));
    conforms("readInbox", api.get("/api/v1/inbox?agent_id=worker&from=admin&after=1&wait=0", ADMIN));
    streamConforms(vertx, worker);
    String deliveryId = inbox.json().getJsonArray("items").getJsonObject(0).getString("delivery_id");
    conforms("getDelivery", api.get("/api/v1/deliveries/" + deliveryId, worker));
    conforms("getDelivery", api.get("/api/v1/deliveries/" + deliveryId, poller));
    conforms("listDeliveries", api.get("/api/v1/deliveries?limit=1", ADMIN));
    conforms("listDeliveries", api.get("/api/v1/deliveries?limit=201", ADMIN));
    conforms("listDeliveries", api.get("/api/v1/deliveries?state=lost", ADMIN));
    conforms("ackInbox", api.post("/api/v1/inbox/ack", worker,
        new JsonObject().put("up_to_seq", inbox.json().getLong("next_after"))));
    conforms("ackInbox", api.post("/api/v1/inbox/ack", worker,
        new JsonObject().put("up_to_seq", 1).put("delivery_ids", new JsonArray())));
    conforms("getDelivery", api.get("/api/v1/deliveries/" + deliveryId, ADMIN));
    conforms("listDeliveries", api.get("/api/v1/deliveries?to=worker&state=acked", ADMIN));

    conforms("getStats", api.get("/api/v1/stats", ADMIN));
    conforms("getStats", api.get("/api/v1/stats", worker));
    conforms("getAgentStats", api.get("/api/v1/stats/agents", ADMIN));
    conforms("getAgentStats", api.get("/api/v1/stats/agents", worker));
    conforms("whoami", api.get("/api/v1/whoami", worker));
    conforms("getHealth", api.get("/api/v1/health", null));
    conforms("readAudit", api.get("/api/v1/audit?limit=200", ADMIN));
    conforms("readAudit", api.get("/api/v1/audit?agent=worker&event=task.updated&since=2020-01-01T00:00:00Z", ADMIN));
    conforms("readAudit", api.get("/api/v1/audit?cursor=nonsense", ADMIN));
    conforms("readAudit", api.get("/api/v1/audit", worker));
    conforms("sendMessage", api.post("/api/v1/messages", ADMIN, "\"" + "x".repeat(70_000) + "\""));
    conforms("deleteAgent", api.delete("/api/v1/agents/poller", worker));
    conforms("deleteAgent", api.delete("/api/v1/agents/admin", ADMIN));
    conforms("deleteAgent", api.delete("/api/v1/agents/worker", worker));
  }

  /** The stream answers 200 text/event-stream, and its events carry documented InboxItems. */
  private void streamConforms(Vertx vertx, String key) {
    try (SseClient sse = SseClient.open(vertx, relay.port(), "/api/v1/inbox/stream", key)) {
      JsonNode response = schemas.deref(operations.get("streamInbox").node().at("/responses/" + sse.status()));
      assertThat(response).as("stream status " + sse.status() + " is documented").isNotNull();
      String mediaType = sse.header("Content-Type").split(";")[0].trim();
      assertThat(response.path("content").has(mediaType)).as("stream media type " + mediaType).isTrue();
      SseClient.Event event = sse.awaitEvent(Duration.ofSeconds(10));
      assertValid(Json.readStored(event.data()), doc.at("/components/schemas/InboxItem"), "stream event");
    }
  }

  /** {@code reply}'s status, media type, headers and body are the ones {@code operationId} documents. */
  private void conforms(String operationId, Api.Reply reply) {
    Operation op = operations.get(operationId);
    assertThat(op).as("operation " + operationId).isNotNull();
    String name = op.key() + " → " + reply.status();
    JsonNode response = schemas.deref(op.node().path("responses").get(String.valueOf(reply.status())));
    assertThat(response).as(name + " is documented (" + reply + ")").isNotNull();
    for (String header : List.of("Idempotent-Replayed", "Retry-After", "WWW-Authenticate")) {
      if (reply.header(header) != null) {
        assertThat(response.path("headers").has(header)).as(name + " documents header " + header).isTrue();
      }
    }
    if (reply.body().isEmpty()) {
      assertThat(response.has("content")).as(name + " has no body").isFalse();
      return;
    }
    String mediaType = reply.header("Content-Type").split(";")[0].trim();
    JsonNode schema = response.path("content").path(mediaType).get("schema");
    assertThat(schema).as(name + " documents " + mediaType).isNotNull();
    assertValid(Json.readStored(reply.body()), schema, name);
  }

  private void assertValid(JsonNode value, JsonNode schema, String name) {
    assertThat(schemas.check(value, schema)).as(name + " body " + value).isEmpty();
  }

  /** The router of this build, made the way each HTTP verticle makes it. */
  private Router routerOfThisBuild(Vertx vertx) {
    PendingDeliveries pending = new PendingDeliveries();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AgentDirectory agents = new AgentDirectory();
    HttpContext http = new HttpContext(relay.config(), agents, pending,
        new RelayMeters(registry, new RelayCounters(), pending), registry, new HandOvers());
    return ApiRouter.create(vertx,
        http.withMcp(TestRelay.await(McpHttp.create(vertx, relay.config(), agents, http.streamSlots()))));
  }

  private static void collectRefs(JsonNode node, List<String> refs) {
    if (node.isObject() && node.has("$ref")) {
      refs.add(node.get("$ref").asText());
    }
    node.forEach(child -> collectRefs(child, refs));
  }

  private static Set<String> difference(Set<String> a, Set<String> b) {
    Set<String> rest = new TreeSet<>(a);
    rest.removeAll(b);
    return rest;
  }
}
