package dev.agentrelay.http.api;

import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.model.Times;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** Query parameters, read strictly: a value out of range or unreadable is a 400, never silently capped. */
final class QueryParams {

  private final RoutingContext ctx;

  QueryParams(RoutingContext ctx) {
    this.ctx = ctx;
  }

  String text(String name, int maxLength) {
    List<String> values = ctx.queryParam(name);
    if (values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw RelayException.badRequest("query parameter '" + name + "' is given more than once");
    }
    String value = values.get(0);
    if (value.length() > maxLength) {
      throw RelayException.badRequest("query parameter '" + name + "' is longer than " + maxLength + " characters");
    }
    return value.isEmpty() ? null : value;
  }

  long number(String name, long fallback, long min, long max) {
    String text = text(name, 20);
    if (text == null) {
      return fallback;
    }
    long value;
    try {
      value = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw RelayException.badRequest("query parameter '" + name + "' must be a whole number (got '" + text + "')");
    }
    if (value < min || value > max) {
      throw RelayException.badRequest("query parameter '" + name + "' must be between " + min + " and " + max
          + " (got " + value + ")");
    }
    return value;
  }

  int limit(int fallback, int max) {
    return (int) number("limit", fallback, 1, max);
  }

  Long timestamp(String name) {
    String text = text(name, 64);
    if (text == null) {
      return null;
    }
    return Times.parse(text).orElseThrow(() -> RelayException.badRequest("query parameter '" + name
        + "' must be an RFC 3339 timestamp such as 2026-11-24T22:31:05.123Z (got '" + text + "')"));
  }
}
