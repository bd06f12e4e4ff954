package dev.agentrelay.core.bus;

/**
 * Which audit entries to list, oldest first, up to {@code limit}: those concerning {@code agent}, of
 * {@code taskId}, of {@code event}, since {@code sinceMillis}, after entry {@code afterEntry}; null fields do not
 * filter.
 */
public record AuditFilter(String agent, String taskId, String event, Long sinceMillis, Long afterEntry, int limit) {
}
