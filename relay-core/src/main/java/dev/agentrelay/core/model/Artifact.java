package dev.agentrelay.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** An output attached to a task. {@code mime_type} is present when the sender gave one. */
public record Artifact(
    @JsonProperty("artifact_id") String artifactId,
    @JsonProperty("task_id") String taskId,
    @JsonProperty("name") String name,
    @JsonProperty("parts") List<Part> parts,
    @JsonProperty("created_at") String createdAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("mime_type") String mimeType) {
}
