package dev.agentrelay.core;

import dev.agentrelay.core.config.RelayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

/**
 * How verticles deployed by name (which take no constructor arguments) find the relay's configuration
 * and meters: one Vert.x local map, filled by the launcher before it deploys them.
 */
public final class SharedObjects {

  private static final String MAP = "relay.shared";
  private static final String CONFIG = "config";
  private static final String METERS = "meters";

  private SharedObjects() {
  }

  public static void publish(Vertx vertx, RelayConfig config, RelayMeters meters) {
    LocalMap<String, Shareable> map = vertx.sharedData().getLocalMap(MAP);
    map.put(CONFIG, config);
    map.put(METERS, meters);
  }

  public static RelayConfig config(Vertx vertx) {
    return (RelayConfig) require(vertx, CONFIG);
  }

  public static RelayMeters meters(Vertx vertx) {
    return (RelayMeters) require(vertx, METERS);
  }

  private static Shareable require(Vertx vertx, String key) {
    Shareable value = vertx.sharedData().<String, Shareable>getLocalMap(MAP).get(key);
    if (value == null) {
      throw new IllegalStateException("the relay's " + key + " is not published; deploy through the launcher");
    }
    return value;
  }
}
