package dev.agentrelay.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One A2A part: text, structured data, or a file. Exactly one of the payload fields is set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Part(
    @JsonProperty("kind") String kind,
    @JsonProperty("text") String text,
    @JsonProperty("data") ObjectNode data,
    @JsonProperty("file") FileContent file) {

  public static final String TEXT = "text";
  public static final String DATA = "data";
  public static final String FILE = "file";

  public static Part text(String text) {
    return new Part(TEXT, text, null, null);
  }
}
