package dev.agentrelay.core.service;

import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.json.Fields;
import dev.agentrelay.core.model.Times;
import dev.agentrelay.core.store.DeliveryTerms;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Reads a send's {@code deliver_at}, {@code expires_at} or {@code ttl_seconds}, and {@code notify}. A wrong
 * JSON type is a 400; a time that cannot be met (in the past, too far ahead, expiring before it is delivered)
 * is a 422 naming the field. A TTL counts from the moment the item enters the inbox: {@code deliver_at} when
 * it is set, else now. A {@code deliver_at} already past delivers at once.
 */
public final class DeliveryTermsInput {

  public static final long MAX_TTL_SECONDS = Duration.ofDays(30).toSeconds();
  private static final long MAX_AHEAD_MILLIS = Duration.ofDays(30).toMillis();

  private DeliveryTermsInput() {
  }

  public static DeliveryTerms parse(Fields body, long nowMillis) {
    Long deliverAt = timestamp(body, "deliver_at");
    if (deliverAt != null && deliverAt > nowMillis + MAX_AHEAD_MILLIS) {
      throw RelayException.invalid("'deliver_at' may be at most 30 days ahead");
    }
    long entersInbox = deliverAt == null ? nowMillis : Math.max(deliverAt, nowMillis);
    Long expiresAt = expiry(body, nowMillis, entersInbox);
    return new DeliveryTerms(deliverAt != null && deliverAt > nowMillis ? deliverAt : null, expiresAt,
        notify(body));
  }

  private static Long expiry(Fields body, long nowMillis, long entersInbox) {
    Long ttl = body.optionalLong("ttl_seconds");
    Long expiresAt = timestamp(body, "expires_at");
    if (ttl != null && expiresAt != null) {
      throw RelayException.invalid("give 'expires_at' or 'ttl_seconds', not both");
    }
    if (ttl != null) {
      if (ttl < 1 || ttl > MAX_TTL_SECONDS) {
        throw RelayException.invalid("'ttl_seconds' must be 1-" + MAX_TTL_SECONDS + " (30 days)");
      }
      return entersInbox + ttl * 1000;
    }
    if (expiresAt == null) {
      return null;
    }
    if (expiresAt <= nowMillis) {
      throw RelayException.invalid("'expires_at' is not in the future");
    }
    if (expiresAt <= entersInbox) {
      throw RelayException.invalid("'expires_at' must be after 'deliver_at'");
    }
    if (expiresAt > entersInbox + MAX_AHEAD_MILLIS) {
      throw RelayException.invalid("'expires_at' may be at most 30 days after the item enters the inbox");
    }
    return expiresAt;
  }

  private static Long timestamp(Fields body, String name) {
    String text = body.optionalText(name, 64);
    if (text == null) {
      return null;
    }
    return Times.parse(text).orElseThrow(() -> RelayException.invalid(
        "'" + name + "' must be an RFC 3339 timestamp such as 2026-11-24T22:31:05.123Z"));
  }

  private static List<String> notify(Fields body) {
    List<String> words = body.optionalStrings("notify", DeliveryTerms.NOTICES.size() * 2, 32);
    if (words == null) {
      return List.of();
    }
    for (String word : words) {
      if (!DeliveryTerms.NOTICES.contains(word)) {
        throw RelayException.invalid("'notify' may hold only " + String.join(", ", DeliveryTerms.NOTICES)
            + "; got '" + word + "'");
      }
    }
    return List.copyOf(new LinkedHashSet<>(words));
  }
}
