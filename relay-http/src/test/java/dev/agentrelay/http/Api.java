package dev.agentrelay.http;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.Map;

/** A small synchronous client for the relay's REST API, for test threads only. */
final class Api {

  private final WebClient client;
  private final String host;
  private final int port;

  Api(WebClient client, String host, int port) {
    this.client = client;
    this.host = host;
    this.port = port;
  }

  /** A response: status, headers and body. */
  record Reply(int status, MultiMap headers, String body) {

    JsonObject json() {
      return new JsonObject(body);
    }

    JsonArray array(String field) {
      return json().getJsonArray(field);
    }

    String header(String name) {
      return headers.get(name);
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  Reply get(String path, String key) {
    return send(HttpMethod.GET, path, key, null, Map.of());
  }

  Reply post(String path, String key, Object body) {
    return send(HttpMethod.POST, path, key, body, Map.of());
  }

  Reply put(String path, String key, Object body) {
    return send(HttpMethod.PUT, path, key, body, Map.of());
  }

  Reply delete(String path, String key) {
    return send(HttpMethod.DELETE, path, key, null, Map.of());
  }

  /** Sends {@code body} (a JsonObject, or a raw String sent as it is) as application/json. */
  Reply send(HttpMethod method, String path, String key, Object body, Map<String, String> headers) {
    return TestRelay.await(sendAsync(method, path, key, body, headers));
  }

  /** The same without waiting, for tests that fire many requests at once. */
  Future<Reply> sendAsync(HttpMethod method, String path, String key, Object body, Map<String, String> headers) {
    HttpRequest<Buffer> request = client.request(method, port, host, path);
    if (key != null) {
      request.putHeader("Authorization", "Bearer " + key);
    }
    if (body != null && !headers.containsKey("Content-Type")) {
      request.putHeader("Content-Type", "application/json");
    }
    headers.forEach(request::putHeader);
    Future<HttpResponse<Buffer>> sent = body == null ? request.send() : request.sendBuffer(Buffer.buffer(body.toString()));
    return sent.map(response -> new Reply(response.statusCode(), response.headers(),
        response.body() == null ? "" : response.bodyAsString()));
  }

  /** Registers an agent as admin and answers its key. */
  String register(String agentId, int tier, JsonObject extra) {
    JsonObject body = new JsonObject().put("agent_id", agentId).put("trust_tier", tier).mergeIn(extra);
    Reply reply = post("/api/v1/agents", TestRelay.ADMIN_KEY, body);
    if (reply.status() != 201) {
      throw new AssertionError("registering " + agentId + " failed: " + reply);
    }
    return reply.json().getString("api_key");
  }

  String register(String agentId, int tier) {
    return register(agentId, tier, new JsonObject());
  }

  /** Creates a task from the key's agent to {@code to} and answers its id. */
  String createTask(String key, String to, String title) {
    Reply reply = post("/api/v1/tasks", key, new JsonObject().put("to_agent", to).put("title", title));
    if (reply.status() != 201) {
      throw new AssertionError("creating a task failed: " + reply);
    }
    return reply.json().getString("task_id");
  }

  JsonObject inbox(String key) {
    Reply reply = get("/api/v1/inbox?limit=200", key);
    if (reply.status() != 200) {
      throw new AssertionError("reading the inbox failed: " + reply);
    }
    return reply.json();
  }
}
