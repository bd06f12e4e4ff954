package dev.agentrelay.core.tools;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.json.Json;
import java.util.List;

/**
 * One argument of a tool: its REST field name, its JSON type, where it goes in the REST call, and what a model
 * needs to know to fill it. The tool's input schema and its argument checks are both derived from these, so
 * they cannot drift apart.
 *
 * @param values the allowed words of an enum, else empty
 * @param minimum the least value of an integer, or null
 * @param maximum the greatest value of an integer, or null
 * @param defaultValue the value used when the argument is absent (an integer or a string), or null
 */
public record Param(String name, Type type, Place place, boolean required, String description, List<String> values,
    Long minimum, Long maximum, Object defaultValue) {

  /** The JSON type of an argument. */
  public enum Type { STRING, INTEGER, OBJECT, STRINGS, PARTS }

  /** Where an argument goes in the REST call. */
  public enum Place { PATH, QUERY, BODY, IDEMPOTENCY_KEY }

  public Param {
    values = List.copyOf(values);
  }

  public static Param text(String name, String description) {
    return new Param(name, Type.STRING, Place.BODY, false, description, List.of(), null, null, null);
  }

  public static Param integer(String name, String description, long minimum, long maximum) {
    return new Param(name, Type.INTEGER, Place.BODY, false, description, List.of(), minimum, maximum, null);
  }

  /** An integer with no upper bound, such as a seq. */
  public static Param atLeast(String name, String description, long minimum) {
    return new Param(name, Type.INTEGER, Place.BODY, false, description, List.of(), minimum, null, null);
  }

  public static Param of(String name, Type type, String description) {
    return new Param(name, type, Place.BODY, false, description, List.of(), null, null, null);
  }

  public static Param oneOf(String name, List<String> values, String description) {
    return new Param(name, Type.STRING, Place.BODY, false, description, values, null, null, null);
  }

  public Param asRequired() {
    return new Param(name, type, place, true, description, values, minimum, maximum, defaultValue);
  }

  public Param in(Place newPlace) {
    return new Param(name, type, newPlace, required, description, values, minimum, maximum, defaultValue);
  }

  public Param withDefault(Object value) {
    return new Param(name, type, place, required, description, values, minimum, maximum, value);
  }

  /** This argument's JSON Schema. */
  public ObjectNode schema() {
    ObjectNode schema = Json.object();
    switch (type) {
      case STRING -> schema.put("type", "string");
      case INTEGER -> schema.put("type", "integer");
      case OBJECT -> schema.put("type", "object");
      case STRINGS -> schema.put("type", "array").putObject("items").put("type", "string");
      case PARTS -> schema.put("type", "array").put("minItems", 1).set("items", PartSchema.PART.deepCopy());
    }
    schema.put("description", description);
    if (!values.isEmpty()) {
      ArrayNode words = schema.putArray("enum");
      values.forEach(words::add);
    }
    if (minimum != null) {
      schema.put("minimum", minimum);
    }
    if (maximum != null) {
      schema.put("maximum", maximum);
    }
    if (defaultValue != null) {
      schema.set("default", Json.MAPPER.valueToTree(defaultValue));
    }
    return schema;
  }
}
