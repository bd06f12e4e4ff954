package dev.agentrelay.core.store;

import java.util.List;

/**
 * When a send's deliveries enter the inbox, when they leave it unread, and what their sender wants to hear
 * of them: the optional {@code deliver_at}, {@code expires_at} (or {@code ttl_seconds}) and {@code notify}
 * of a send, checked by {@link dev.agentrelay.core.service.DeliveryTermsInput}.
 *
 * @param deliverAt epoch millis at which the deliveries enter the inbox; null: at once
 * @param expiresAt epoch millis at which they leave it if still unacknowledged; null: never
 * @param notices which of {@link #NOTICES} the sender gets an inbox item for
 */
public record DeliveryTerms(Long deliverAt, Long expiresAt, List<String> notices) {

  public static final String DELIVERED = "delivered";
  public static final String ACKED = "acked";
  public static final String EXPIRED = "expired";
  public static final List<String> NOTICES = List.of(DELIVERED, ACKED, EXPIRED);
  /** A send without any of the three fields. */
  public static final DeliveryTerms NONE = new DeliveryTerms(null, null, List.of());

  public DeliveryTerms {
    notices = List.copyOf(notices);
  }

  /** Whether a delivery made at {@code nowMillis} waits outside the inbox. */
  boolean waits(long nowMillis) {
    return deliverAt != null && deliverAt > nowMillis;
  }

  /** The notify list as stored: the words joined by commas, or null when empty. */
  String storedNotify() {
    return notices.isEmpty() ? null : String.join(",", notices);
  }

  static boolean wants(String storedNotify, String notice) {
    return storedNotify != null && List.of(storedNotify.split(",")).contains(notice);
  }
}
