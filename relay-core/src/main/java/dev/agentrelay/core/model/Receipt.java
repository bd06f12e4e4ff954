package dev.agentrelay.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Where one delivery stands, for its sender, its recipient and tier-1 agents: when it was committed, when it
 * was first handed to the recipient and how, and when it was acknowledged.
 *
 * @param state {@code scheduled} (waiting for its {@code deliver_at}), {@code queued} (in the inbox, never handed
 *     out), {@code delivered} (handed out at least once), {@code acked} or {@code expired} (left the inbox
 *     unacknowledged at {@code expires_at})
 * @param deliveredVia how it was first handed out: {@code poll}, {@code sse}, {@code webhook} or {@code mcp}
 */
public record Receipt(
    @JsonProperty("delivery_id") String deliveryId,
    @JsonProperty("seq") Long seq,
    @JsonProperty("event") String event,
    @JsonProperty("from_agent") String fromAgent,
    @JsonProperty("to_agent") String toAgent,
    @JsonProperty("task_id") String taskId,
    @JsonProperty("state") String state,
    @JsonProperty("created_at") String createdAt,
    @JsonProperty("deliver_at") String deliverAt,
    @JsonProperty("expires_at") String expiresAt,
    @JsonProperty("first_delivered_at") String firstDeliveredAt,
    @JsonProperty("delivered_via") String deliveredVia,
    @JsonProperty("acked_at") String ackedAt) {

  public static final String SCHEDULED = "scheduled";
  public static final String QUEUED = "queued";
  public static final String DELIVERED = "delivered";
  public static final String ACKED = "acked";
  public static final String EXPIRED = "expired";
  /** Every state a receipt can be in; {@code scheduled} and {@code expired} belong to sends that set a time. */
  public static final List<String> STATES = List.of(SCHEDULED, QUEUED, DELIVERED, ACKED, EXPIRED);

  /** Whether {@code agentId} may see this receipt: its sender or its recipient (tier 1 may see any). */
  public boolean concerns(String agentId) {
    return agentId.equals(fromAgent) || agentId.equals(toAgent);
  }
}
