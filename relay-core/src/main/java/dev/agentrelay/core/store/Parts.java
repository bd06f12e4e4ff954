package dev.agentrelay.core.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Part;
import java.io.IOException;
import java.util.List;

/** Parts as stored: one JSON array per row. */
final class Parts {

  private static final TypeReference<List<Part>> LIST = new TypeReference<>() { };

  private Parts() {
  }

  static List<Part> read(String json) {
    try {
      return Json.MAPPER.readValue(json, LIST);
    } catch (IOException e) {
      throw new IllegalStateException("stored parts are corrupt", e);
    }
  }
}
