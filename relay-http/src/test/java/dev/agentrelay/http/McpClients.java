package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The MCP Java SDK's own clients, for tests: over Streamable HTTP to {@code /mcp}, and over stdio to the bridge. */
final class McpClients {

  static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
      + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
  static final Map<String, String> MCP_HEADERS = Map.of("Content-Type", "application/json",
      "Accept", "application/json, text/event-stream");

  /** Longer than any wait_inbox, so that a long poll is never cut short by the client. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(75);

  private McpClients() {
  }

  static McpSyncClient http(int port, String key) {
    HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
        .builder("http://127.0.0.1:" + port)
        .endpoint("/mcp")
        .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + key))
        .build();
    McpSyncClient client = McpClient.sync(transport).requestTimeout(REQUEST_TIMEOUT).build();
    client.initialize();
    return client;
  }

  /** A bridge process ({@code java -jar relay-mcp.jar}), not yet initialized; its stderr goes to {@code log}. */
  static McpSyncClient bridge(String relayUrl, String key, String agentId, Consumer<String> log) {
    ServerParameters parameters = ServerParameters.builder(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString())
        .args("-jar", System.getProperty("bridge.jar"))
        .env(Map.of("RELAY_URL", relayUrl, "RELAY_API_KEY", key, "AGENT_ID", agentId))
        .build();
    StdioClientTransport transport = new StdioClientTransport(parameters, McpJsonDefaults.getMapper());
    transport.setStdErrorHandler(log::accept);
    return McpClient.sync(transport).requestTimeout(REQUEST_TIMEOUT).initializationTimeout(Duration.ofSeconds(30))
        .build();
  }

  /** Opens a session over raw HTTP at {@code path} and answers its id. */
  static String openSession(Api api, String path, String key) {
    Api.Reply opened = api.send(HttpMethod.POST, path, key, INITIALIZE, MCP_HEADERS);
    assertThat(opened.status()).as(opened.toString()).isEqualTo(200);
    return opened.header("Mcp-Session-Id");
  }

  /** The headers of a POST in session {@code session}. */
  static Map<String, String> inSession(String session) {
    Map<String, String> headers = new HashMap<>(MCP_HEADERS);
    headers.put("Mcp-Session-Id", session);
    return headers;
  }

  /** The JSON-RPC messages of an event-stream answer. */
  static List<JsonObject> events(String body) {
    return body.lines().filter(line -> line.startsWith("data:"))
        .map(line -> new JsonObject(line.substring("data:".length()).trim())).toList();
  }

  static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> arguments) {
    return client.callTool(new McpSchema.CallToolRequest(tool, arguments));
  }

  /** Calls a tool that must succeed and answers its structured content. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> ok(McpSyncClient client, String tool, Map<String, Object> arguments) {
    McpSchema.CallToolResult result = call(client, tool, arguments);
    assertThat(result.isError()).as("%s: %s", tool, text(result)).isFalse();
    return (Map<String, Object>) result.structuredContent();
  }

  /** Calls a tool that must fail and answers its sentence. */
  static String error(McpSyncClient client, String tool, Map<String, Object> arguments) {
    McpSchema.CallToolResult result = call(client, tool, arguments);
    assertThat(result.isError()).as("%s: %s", tool, text(result)).isTrue();
    return text(result);
  }

  static String text(McpSchema.CallToolResult result) {
    return ((McpSchema.TextContent) result.content().get(0)).text();
  }

  static List<String> toolNames(McpSyncClient client) {
    return client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
  }
}
