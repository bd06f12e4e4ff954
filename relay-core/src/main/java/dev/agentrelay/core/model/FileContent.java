package dev.agentrelay.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The file of a file part: a {@code uri} or inline base64 {@code bytes}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FileContent(
    @JsonProperty("name") String name,
    @JsonProperty("mime_type") String mimeType,
    @JsonProperty("uri") String uri,
    @JsonProperty("bytes") String bytes) {
}
