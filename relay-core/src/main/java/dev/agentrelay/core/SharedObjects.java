package dev.agentrelay.core;

import dev.agentrelay.core.config.RelayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

/**
 * How verticles deployed by name (which take no constructor arguments) find the relay's configuration
 * and live counters: one Vert.x local map, filled by the launcher before it deploys them.
 */
public final class SharedObjects {

  private static final String MAP = "relay.shared";
  private static final String CONFIG = "config";
  private static final String COUNTERS = "counters";

  private SharedObjects() {
  }

  public static void publish(Vertx vertx, RelayConfig config, RelayCounters counters) {
    LocalMap<String, Shareable> map = vertx.sharedData().getLocalMap(MAP);
    map.put(CONFIG, config);
    map.put(COUNTERS, counters);
  }

  public static RelayConfig config(Vertx vertx) {
    return (RelayConfig) require(vertx, CONFIG);
  }

  public static RelayCounters counters(Vertx vertx) {
    return (RelayCounters) require(vertx, COUNTERS);
  }

  private static Shareable require(Vertx vertx, String key) {
    Shareable value = vertx.sharedData().<String, Shareable>getLocalMap(MAP).get(key);
    if (value == null) {
      throw new IllegalStateException("the relay's " + key + " is not published; deploy through the launcher");
    }
    return value;
  }
}
