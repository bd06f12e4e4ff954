package dev.agentrelay.core.bus;

/** The first answer to an idempotent write, kept 24 hours and replayed to a retry with the same key. */
public record StoredResponse(int status, String body, boolean replayed) {
}
