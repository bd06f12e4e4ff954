package dev.agentrelay.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** A message in a task's thread ({@code task_id} set) or sent directly ({@code task_id} null). */
public record Message(
    @JsonProperty("message_id") String messageId,
    @JsonProperty("task_id") String taskId,
    @JsonProperty("context_id") String contextId,
    @JsonProperty("from_agent") String fromAgent,
    @JsonProperty("to_agent") String toAgent,
    @JsonProperty("role") MessageRole role,
    @JsonProperty("parts") List<Part> parts,
    @JsonProperty("metadata") ObjectNode metadata,
    @JsonProperty("created_at") String createdAt) {
}
