package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.tools.RelayTools;
import dev.agentrelay.core.tools.ToolSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps the repository's copy of the wire contract, {@code docs/API.md}, in step with the OpenAPI document: the
 * REST operations its tables list (outside the sections and subsections marked Planned) are exactly those the
 * document describes; and each MCP tool calls one of those operations.
 */
class ApiDocTest {

  private static final Path API_MD = Path.of("..", "docs", "API.md");
  private static final Pattern ROW = Pattern.compile("^\\| (GET|POST|PUT|DELETE|PATCH) \\| (/api/v1/\\S+) \\|");
  private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");

  @Test
  void apiMdListsExactlyTheOperationsOfTheOpenApiDocument() throws IOException {
    assertThat(servedOperationsOfApiMd()).isEqualTo(operationsOfOpenApi());
  }

  /**
   * The third place the REST surface is written: the call each MCP tool makes (OpenApiTest ties the document to
   * the router).
   */
  @Test
  void everyMcpToolCallsAnOperationOfTheOpenApiDocument() throws IOException {
    Set<String> operations = operationsOfOpenApi();
    for (ToolSpec tool : RelayTools.all()) {
      assertThat(operations).as(tool.name()).contains(tool.method() + " " + template(tool.path()));
    }
  }

  private static Set<String> servedOperationsOfApiMd() throws IOException {
    Set<String> operations = new TreeSet<>();
    boolean planned = false;
    for (String line : Files.readAllLines(API_MD)) {
      if (line.startsWith("#")) {
        planned = false;
      } else if (line.startsWith("**Planned**")) {
        planned = true;
      }
      Matcher row = ROW.matcher(line);
      if (row.find() && !planned) {
        operations.add(row.group(1) + " " + template(row.group(2)));
      }
    }
    return operations;
  }

  /** The path with its parameters unnamed: API.md names them for readers ({delivery_id}), OpenAPI as routed ({id}). */
  private static String template(String path) {
    return path.replaceAll("\\{[^}]*}", "{}");
  }

  private static Set<String> operationsOfOpenApi() throws IOException {
    JsonNode doc;
    try (InputStream in = ApiDocTest.class.getResourceAsStream("/openapi.json")) {
      doc = Json.MAPPER.readTree(in);
    }
    Set<String> operations = new TreeSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      path.getValue().fieldNames().forEachRemaining(method -> {
        if (METHODS.contains(method) && path.getKey().startsWith("/api/v1/")) {
          operations.add(method.toUpperCase(Locale.ROOT) + " " + template(path.getKey()));
        }
      });
    }
    return operations;
  }
}
