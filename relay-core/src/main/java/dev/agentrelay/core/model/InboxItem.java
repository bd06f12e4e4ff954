package dev.agentrelay.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One delivery as an agent sees it in its inbox, with the task, message or artifact it is about; a
 * {@code delivery.*} notice carries the {@code receipt} of the sender's delivery it is about instead.
 */
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
    @JsonProperty("artifact") Artifact artifact,
    @JsonProperty("receipt") Receipt receipt) {

  public InboxItem(String deliveryId, long seq, EventType event, String fromAgent, String taskId, String createdAt,
      Task task, Message message, Artifact artifact) {
    this(deliveryId, seq, event, fromAgent, taskId, createdAt, task, message, artifact, null);
  }

  /** The same item under a delivery ID and a seq. */
  public InboxItem numbered(String id, long newSeq) {
    return new InboxItem(id, newSeq, event, fromAgent, taskId, createdAt, task, message, artifact, receipt);
  }
}
