package dev.agentrelay.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A task handed from one agent to another. {@code messages} and {@code artifacts} are filled only when
 * a single task is read with its thread.
 */
public record Task(
    @JsonProperty("task_id") String taskId,
    @JsonProperty("context_id") String contextId,
    @JsonProperty("from_agent") String fromAgent,
    @JsonProperty("to_agent") String toAgent,
    @JsonProperty("title") String title,
    @JsonProperty("description") String description,
    @JsonProperty("parts") List<Part> parts,
    @JsonProperty("status") TaskStatus status,
    @JsonProperty("priority") Priority priority,
    @JsonProperty("due_by") String dueBy,
    @JsonProperty("metadata") ObjectNode metadata,
    @JsonProperty("created_at") String createdAt,
    @JsonProperty("updated_at") String updatedAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("messages") List<Message> messages,
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("artifacts") List<Artifact> artifacts) {

  public boolean isParty(String agentId) {
    return fromAgent.equals(agentId) || toAgent.equals(agentId);
  }

  /** The party that is not {@code agentId}; for a task an agent sent to itself, itself. */
  public String otherParty(String agentId) {
    return fromAgent.equals(agentId) ? toAgent : fromAgent;
  }

  public Task withStatus(TaskStatus newStatus, String at) {
    return new Task(taskId, contextId, fromAgent, toAgent, title, description, parts, newStatus, priority,
        dueBy, metadata, createdAt, at, null, null);
  }

  public Task withThread(List<Message> threadMessages, List<Artifact> threadArtifacts) {
    return new Task(taskId, contextId, fromAgent, toAgent, title, description, parts, status, priority,
        dueBy, metadata, createdAt, updatedAt, threadMessages, threadArtifacts);
  }
}
