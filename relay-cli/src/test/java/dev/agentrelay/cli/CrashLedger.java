package dev.agentrelay.cli;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the crash test's clients were told, kept across kills: the sends the relay answered 2xx, the deliveries it
 * confirmed acknowledged, and every delivery a reader saw for each send's unique marker.
 */
final class CrashLedger {

  private static final Pattern MARKER = Pattern.compile("mk-t\\d+-\\d+");

  /** A send the relay answered 2xx: its recipient and the id of what it created. */
  record Answered(String marker, String recipient, String createdId) {
  }

  final Map<String, Answered> answered = new ConcurrentHashMap<>();
  final Set<String> unanswered = ConcurrentHashMap.newKeySet();
  final Set<String> ackSent = ConcurrentHashMap.newKeySet();
  final Set<String> ackConfirmed = ConcurrentHashMap.newKeySet();
  final Map<String, Set<String>> deliveriesByMarker = new ConcurrentHashMap<>();
  final List<String> violations = new CopyOnWriteArrayList<>();

  static String marker(JsonObject item) {
    Matcher found = MARKER.matcher(item.encode());
    return found.find() ? found.group() : null;
  }

  /** Notes an inbox item a reader got; an item acknowledged before must never be read again. */
  void seen(String reader, JsonObject item) {
    String deliveryId = item.getString("delivery_id");
    if (ackConfirmed.contains(deliveryId)) {
      violations.add("acknowledged delivery " + deliveryId + " came back to " + reader + ": " + item.encode());
    }
    String marker = marker(item);
    if (marker != null) {
      deliveriesByMarker.computeIfAbsent(marker, any -> ConcurrentHashMap.newKeySet()).add(deliveryId);
    }
  }

  List<String> duplicatedMarkers() {
    List<String> duplicated = new ArrayList<>();
    deliveriesByMarker.forEach((marker, ids) -> {
      if (ids.size() > 1) {
        duplicated.add(marker + " -> " + ids);
      }
    });
    return duplicated;
  }
}
