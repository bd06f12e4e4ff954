package dev.agentrelay.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a JSON value against a schema of the OpenAPI document: the subset of JSON Schema 2020-12 the
 * document uses ($ref, type, enum, const, required, properties, additionalProperties, propertyNames, items,
 * sizes, bounds, pattern, format date-time/uri, allOf, oneOf, not). Stricter than JSON Schema in one way, to
 * keep the document true: an object schema that lists {@code properties} and says nothing about
 * {@code additionalProperties} accepts no property it does not list.
 */
final class SchemaCheck {

  private final JsonNode document;

  SchemaCheck(JsonNode document) {
    this.document = document;
  }

  /** What is wrong with {@code value}; empty when it conforms. */
  List<String> check(JsonNode value, JsonNode schema) {
    List<String> errors = new ArrayList<>();
    check(value, schema, "$", errors);
    return errors;
  }

  /** The node a local {@code $ref} points at, or null. */
  JsonNode resolve(String ref) {
    if (!ref.startsWith("#/")) {
      return null;
    }
    JsonNode target = document.at(ref.substring(1));
    return target.isMissingNode() ? null : target;
  }

  /** {@code node}, or what its {@code $ref} points at. */
  JsonNode deref(JsonNode node) {
    while (node != null && node.has("$ref")) {
      node = resolve(node.get("$ref").asText());
    }
    return node;
  }

  private void check(JsonNode value, JsonNode schema, String at, List<String> errors) {
    if (schema.has("$ref")) {
      JsonNode target = resolve(schema.get("$ref").asText());
      if (target == null) {
        errors.add(at + ": unresolved $ref " + schema.get("$ref").asText());
        return;
      }
      check(value, target, at, errors);
    }
    if (schema.has("type") && !typeMatches(value, schema.get("type"))) {
      errors.add(at + ": " + kind(value) + " is not of type " + schema.get("type"));
      return;
    }
    if (schema.has("enum") && !contains(schema.get("enum"), value)) {
      errors.add(at + ": " + value + " is not one of " + schema.get("enum"));
    }
    if (schema.has("const") && !schema.get("const").equals(value)) {
      errors.add(at + ": " + value + " is not " + schema.get("const"));
    }
    if (value.isObject()) {
      checkObject(value, schema, at, errors);
    }
    if (value.isArray()) {
      checkArray(value, schema, at, errors);
    }
    if (value.isTextual()) {
      checkString(value.asText(), schema, at, errors);
    }
    if (value.isNumber()) {
      if (schema.has("minimum") && value.decimalValue().compareTo(schema.get("minimum").decimalValue()) < 0) {
        errors.add(at + ": " + value + " is below " + schema.get("minimum"));
      }
      if (schema.has("maximum") && value.decimalValue().compareTo(schema.get("maximum").decimalValue()) > 0) {
        errors.add(at + ": " + value + " is above " + schema.get("maximum"));
      }
    }
    for (JsonNode sub : schema.path("allOf")) {
      check(value, sub, at, errors);
    }
    if (schema.has("oneOf")) {
      checkOneOf(value, schema, at, errors);
    }
    if (schema.has("not") && check(value, schema.get("not")).isEmpty()) {
      errors.add(at + ": matches the schema it must not match: " + schema.get("not"));
    }
  }

  private void checkObject(JsonNode value, JsonNode schema, String at, List<String> errors) {
    for (JsonNode name : schema.path("required")) {
      if (!value.has(name.asText())) {
        errors.add(at + ": required property '" + name.asText() + "' is missing");
      }
    }
    JsonNode properties = schema.path("properties");
    JsonNode additional = schema.get("additionalProperties");
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String where = at + "." + field.getKey();
      if (schema.has("propertyNames")) {
        check(com.fasterxml.jackson.databind.node.TextNode.valueOf(field.getKey()), schema.get("propertyNames"), where + " (name)", errors);
      }
      if (properties.has(field.getKey())) {
        check(field.getValue(), properties.get(field.getKey()), where, errors);
      } else if (additional != null && additional.isObject()) {
        check(field.getValue(), additional, where, errors);
      } else if (additional != null ? !additional.asBoolean() : schema.has("properties")) {
        errors.add(where + ": property is not in the schema");
      }
    }
  }

  private void checkArray(JsonNode value, JsonNode schema, String at, List<String> errors) {
    if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
      errors.add(at + ": fewer than " + schema.get("minItems") + " items");
    }
    if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
      errors.add(at + ": more than " + schema.get("maxItems") + " items");
    }
    if (schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        check(value.get(i), schema.get("items"), at + "[" + i + "]", errors);
      }
    }
  }

  private static void checkString(String text, JsonNode schema, String at, List<String> errors) {
    int length = text.codePointCount(0, text.length());
    if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
      errors.add(at + ": shorter than " + schema.get("minLength"));
    }
    if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
      errors.add(at + ": longer than " + schema.get("maxLength"));
    }
    if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(text).find()) {
      errors.add(at + ": '" + text + "' does not match " + schema.get("pattern").asText());
    }
    String format = schema.path("format").asText("");
    try {
      if (format.equals("date-time")) {
        OffsetDateTime.parse(text);
      } else if (format.equals("uri") && !URI.create(text).isAbsolute()) {
        errors.add(at + ": '" + text + "' is not an absolute URI");
      }
    } catch (DateTimeParseException | IllegalArgumentException e) {
      errors.add(at + ": '" + text + "' is not a " + format);
    }
  }

  private void checkOneOf(JsonNode value, JsonNode schema, String at, List<String> errors) {
    JsonNode discriminator = schema.get("discriminator");
    if (discriminator != null && value.isObject()) {
      String tag = value.path(discriminator.get("propertyName").asText()).asText("");
      JsonNode target = discriminator.path("mapping").get(tag);
      if (target == null) {
        errors.add(at + ": discriminator value '" + tag + "' is not mapped");
        return;
      }
      check(value, document.at(target.asText().substring(1)), at, errors);
      return;
    }
    int matches = 0;
    for (JsonNode sub : schema.get("oneOf")) {
      if (check(value, sub).isEmpty()) {
        matches++;
      }
    }
    if (matches != 1) {
      errors.add(at + ": matches " + matches + " of the oneOf schemas, not exactly one");
    }
  }

  private static boolean typeMatches(JsonNode value, JsonNode type) {
    if (type.isArray()) {
      for (JsonNode one : type) {
        if (typeMatches(value, one)) {
          return true;
        }
      }
      return false;
    }
    switch (type.asText()) {
      case "object":
        return value.isObject();
      case "array":
        return value.isArray();
      case "string":
        return value.isTextual();
      case "integer":
        return value.isIntegralNumber();
      case "number":
        return value.isNumber();
      case "boolean":
        return value.isBoolean();
      case "null":
        return value.isNull();
      default:
        throw new IllegalArgumentException("unknown type " + type);
    }
  }

  private static boolean contains(JsonNode values, JsonNode value) {
    for (JsonNode candidate : values) {
      if (candidate.equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static String kind(JsonNode value) {
    return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + abbreviate(value.toString());
  }

  private static String abbreviate(String text) {
    return text.length() > 60 ? text.substring(0, 60) + "…" : text;
  }
}
