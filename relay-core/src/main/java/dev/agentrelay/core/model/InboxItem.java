package dev.agentrelay.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One delivery as an agent sees it in its inbox, with the task, message or artifact it is about. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InboxItem(
    @JsonProperty("delivery_id") String deliveryId,
    @JsonProperty("seq") long seq,
    @JsonProperty("event") EventType event,
    @JsonProperty("from_agent") String fromAgent,
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("task_id") String taskId,
    @JsonProperty("created_at") String createdAt,
    @JsonProperty("task") Task task,
    @JsonProperty("message") Message message,
    @JsonProperty("artifact") Artifact artifact) {
}
