package dev.agentrelay.core.bus;

/**
 * Which receipts of the deliveries {@code fromAgent} made to list, newest first; the other fields are null when
 * they filter nothing. {@code state} is one of {@code Receipt.STATES}; {@code beforeSeq} continues a page.
 */
public record ReceiptFilter(String fromAgent, String toAgent, String state, String taskId, Long sinceMillis,
    Long beforeSeq) {
}
