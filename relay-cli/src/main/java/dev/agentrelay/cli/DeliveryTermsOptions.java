package dev.agentrelay.cli;

import static dev.agentrelay.cli.RelayClient.putIfSet;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import picocli.CommandLine.Option;

/** When a send's items enter and leave the recipient's inbox, and what the sender hears of them. */
final class DeliveryTermsOptions {

  @Option(names = "--deliver-at", paramLabel = "TIME",
      description = "enter the recipient's inbox at this RFC 3339 time (at most 30 days ahead), not now")
  String deliverAt;

  @Option(names = "--expires", paramLabel = "TIME",
      description = "leave the inbox at this RFC 3339 time if still unacknowledged")
  String expiresAt;

  @Option(names = "--ttl", paramLabel = "SECONDS",
      description = "leave the inbox this many seconds after entering it if still unacknowledged (1-2592000)")
  Long ttlSeconds;

  @Option(names = "--notify", paramLabel = "EVENT", split = ",",
      description = "delivered, acked and/or expired (comma-separated): get an inbox item when that happens")
  List<String> notify;

  /** Adds the terms that were given to {@code body}; the relay checks them. */
  JsonObject into(JsonObject body) {
    putIfSet(body, "deliver_at", deliverAt);
    putIfSet(body, "expires_at", expiresAt);
    putIfSet(body, "ttl_seconds", ttlSeconds);
    return putIfSet(body, "notify", notify == null ? null : new JsonArray(List.copyOf(notify)));
  }
}
