package dev.agentrelay.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.RelayException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the fields of a JSON request body with the relay's rules: a wrong JSON type is a 400, a missing
 * required field or a value out of bounds is a 422, and every message names the field.
 */
public final class Fields {

  private final ObjectNode body;

  private Fields(ObjectNode body) {
    this.body = body;
  }

  /** The body as an object; anything else (an array, a string, null) is a 400. */
  public static Fields of(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw RelayException.badRequest("the request body must be a JSON object");
    }
    return new Fields((ObjectNode) body);
  }

  public boolean has(String name) {
    JsonNode value = body.get(name);
    return value != null && !value.isNull();
  }

  public JsonNode raw(String name) {
    return body.get(name);
  }

  public String requiredText(String name, int maxLength) {
    String value = optionalText(name, maxLength);
    if (value == null) {
      throw RelayException.invalid("'" + name + "' is required");
    }
    return value;
  }

  public String optionalText(String name, int maxLength) {
    if (!has(name)) {
      return null;
    }
    JsonNode value = body.get(name);
    if (!value.isTextual()) {
      throw RelayException.badRequest("'" + name + "' must be a string");
    }
    return checkLength(name, value.asText(), maxLength);
  }

  public ObjectNode optionalObject(String name) {
    if (!has(name)) {
      return Json.object();
    }
    JsonNode value = body.get(name);
    if (!value.isObject()) {
      throw RelayException.badRequest("'" + name + "' must be a JSON object");
    }
    return (ObjectNode) value;
  }

  public List<String> optionalStrings(String name, int maxItems, int maxLength) {
    if (!has(name)) {
      return null;
    }
    JsonNode value = body.get(name);
    if (!value.isArray()) {
      throw RelayException.badRequest("'" + name + "' must be an array of strings");
    }
    if (value.size() > maxItems) {
      throw RelayException.invalid("'" + name + "' may hold at most " + maxItems + " entries");
    }
    List<String> strings = new ArrayList<>(value.size());
    for (JsonNode element : value) {
      if (!element.isTextual()) {
        throw RelayException.badRequest("'" + name + "' must be an array of strings");
      }
      strings.add(checkLength(name, element.asText(), maxLength));
    }
    return strings;
  }

  public Boolean optionalBoolean(String name) {
    if (!has(name)) {
      return null;
    }
    JsonNode value = body.get(name);
    if (!value.isBoolean()) {
      throw RelayException.badRequest("'" + name + "' must be true or false");
    }
    return value.booleanValue();
  }

  public Integer optionalInt(String name) {
    if (!has(name)) {
      return null;
    }
    JsonNode value = body.get(name);
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw RelayException.badRequest("'" + name + "' must be an integer");
    }
    return value.intValue();
  }

  public Long optionalLong(String name) {
    if (!has(name)) {
      return null;
    }
    JsonNode value = body.get(name);
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw RelayException.badRequest("'" + name + "' must be an integer");
    }
    return value.longValue();
  }

  /** A nested object's fields, or null when absent. */
  public Fields optionalFields(String name) {
    if (!has(name)) {
      return null;
    }
    JsonNode value = body.get(name);
    if (!value.isObject()) {
      throw RelayException.badRequest("'" + name + "' must be a JSON object");
    }
    return new Fields((ObjectNode) value);
  }

  private static String checkLength(String name, String value, int maxLength) {
    if (value.length() > maxLength) {
      throw RelayException.invalid("'" + name + "' is longer than " + maxLength + " characters");
    }
    return value;
  }
}
