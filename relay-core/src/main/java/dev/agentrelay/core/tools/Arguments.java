package dev.agentrelay.core.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.json.Fields;
import dev.agentrelay.core.json.Json;
import java.util.Iterator;
import java.util.stream.Collectors;

/**
 * Checks a tool call's arguments against its params before anything is sent: unknown names, missing required
 * ones, wrong JSON types, words outside an enum and integers out of range are refused with a sentence naming
 * the argument. What only the relay can judge (does the agent exist, is the move legal) is left to it.
 */
final class Arguments {

  static final int MAX_TEXT = 1_000_000;

  private Arguments() {
  }

  /** The arguments with defaults filled in, or a {@link RelayException} saying what is wrong. */
  static Fields check(ToolSpec spec, JsonNode arguments) {
    ObjectNode args = arguments == null || arguments.isNull() ? Json.object() : asObject(arguments);
    rejectUnknown(spec, args);
    for (Param param : spec.params()) {
      if (!args.hasNonNull(param.name()) && param.defaultValue() != null) {
        args.set(param.name(), Json.MAPPER.valueToTree(param.defaultValue()));
      }
    }
    Fields fields = Fields.of(args);
    spec.params().forEach(param -> checkOne(fields, param));
    return fields;
  }

  private static ObjectNode asObject(JsonNode arguments) {
    if (!arguments.isObject()) {
      throw RelayException.badRequest("the arguments must be a JSON object");
    }
    return ((ObjectNode) arguments).deepCopy();
  }

  private static void rejectUnknown(ToolSpec spec, ObjectNode args) {
    for (Iterator<String> names = args.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (spec.param(name).isEmpty()) {
        throw RelayException.invalid(spec.name() + " has no argument '" + name + "'; its arguments are: "
            + spec.params().stream().map(Param::name).collect(Collectors.joining(", ")));
      }
    }
  }

  private static void checkOne(Fields args, Param param) {
    if (param.required() && !args.has(param.name())) {
      throw RelayException.invalid("'" + param.name() + "' is required");
    }
    switch (param.type()) {
      case STRING -> checkText(args, param);
      case INTEGER -> checkRange(param, args.optionalLong(param.name()));
      case OBJECT -> args.optionalObject(param.name());
      case STRINGS -> args.optionalStrings(param.name(), 1000, 256);
      case PARTS -> checkArray(args, param);
    }
  }

  private static void checkText(Fields args, Param param) {
    String text = args.optionalText(param.name(), MAX_TEXT);
    if (text != null && !param.values().isEmpty() && !param.values().contains(text)) {
      throw RelayException.invalid("'" + param.name() + "' must be one of: " + String.join(", ", param.values())
          + " (got '" + text + "')");
    }
  }

  private static void checkRange(Param param, Long value) {
    if (value == null) {
      return;
    }
    if (param.minimum() != null && value < param.minimum() || param.maximum() != null && value > param.maximum()) {
      String range = param.maximum() == null ? "at least " + param.minimum()
          : "between " + param.minimum() + " and " + param.maximum();
      throw RelayException.invalid("'" + param.name() + "' must be " + range + " (got " + value + ")");
    }
  }

  private static void checkArray(Fields args, Param param) {
    if (args.has(param.name()) && !args.raw(param.name()).isArray()) {
      throw RelayException.badRequest("'" + param.name() + "' must be an array");
    }
  }
}
