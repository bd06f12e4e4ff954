package dev.agentrelay.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/** One line of the permanent audit log. */
public record AuditEntry(
    @JsonProperty("entry_id") long entryId,
    @JsonProperty("at") String at,
    @JsonProperty("actor") String actor,
    @JsonProperty("event") String event,
    @JsonProperty("subject_type") String subjectType,
    @JsonProperty("subject_id") String subjectId,
    @JsonProperty("task_id") String taskId,
    @JsonProperty("detail") JsonNode detail) {
}
