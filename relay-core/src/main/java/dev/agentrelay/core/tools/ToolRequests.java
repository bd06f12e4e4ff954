package dev.agentrelay.core.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.json.Fields;
import dev.agentrelay.core.json.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.StringJoiner;
import java.util.TreeMap;

/** Turns checked arguments into the REST call a tool makes: path, query, body and idempotency key. */
final class ToolRequests {

  /** A long poll answers within its {@code wait}; this is how much longer the client waits for it. */
  private static final Duration POLL_MARGIN = Duration.ofSeconds(15);

  private ToolRequests() {
  }

  static RelayRequest build(ToolSpec spec, Fields args, String self) {
    String path = spec.path().replace("{self}", segment(self));
    StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
    ObjectNode body = spec.method().equals("GET") ? null : Json.object();
    String key = null;
    Duration timeout = RelayRequest.DEFAULT_TIMEOUT;
    for (Param param : spec.params()) {
      if (!args.has(param.name())) {
        continue;
      }
      JsonNode value = args.raw(param.name());
      switch (param.place()) {
        case PATH -> path = path.replace("{" + param.name() + "}", segment(value.asText()));
        case QUERY -> query.add(param.name() + "=" + URLEncoder.encode(value.asText(), StandardCharsets.UTF_8));
        case BODY -> body.set(param.name(), value);
        case IDEMPOTENCY_KEY -> key = value.asText();
      }
      if (param.name().equals("wait")) {
        timeout = timeout.plusSeconds(value.asLong()).plus(POLL_MARGIN);
      }
    }
    ObjectNode canonical = body == null ? null : (ObjectNode) canonical(body);
    if (spec.kind() == ToolSpec.Kind.CREATE && key == null) {
      key = IdempotencyKeys.derive(spec.method(), path, canonical);
    }
    return new RelayRequest(spec.method(), path + query, canonical, key, timeout);
  }

  /**
   * Sorted keys, so that a retried call whose model wrote the arguments in another order sends the same bytes,
   * which the relay needs to recognise it as a retry of the same request.
   */
  static JsonNode canonical(JsonNode node) {
    if (node.isObject()) {
      TreeMap<String, JsonNode> sorted = new TreeMap<>();
      node.fields().forEachRemaining(field -> sorted.put(field.getKey(), canonical(field.getValue())));
      ObjectNode copy = Json.object();
      sorted.forEach(copy::set);
      return copy;
    }
    if (node.isArray()) {
      var copy = Json.MAPPER.createArrayNode();
      node.forEach(element -> copy.add(canonical(element)));
      return copy;
    }
    return node;
  }

  /** One path segment, percent-encoded; "." and ".." would climb out of the resource and are refused. */
  private static String segment(String value) {
    if (value.isEmpty() || value.equals(".") || value.equals("..")) {
      throw RelayException.invalid("'" + value + "' is not a valid id");
    }
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
