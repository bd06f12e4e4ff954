package dev.agentrelay.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The relay's version, as the build stamped it. */
public final class RelayVersion {

  public static final String VERSION = load();

  private RelayVersion() {
  }

  private static String load() {
    try (InputStream in = RelayVersion.class.getResourceAsStream("relay.properties")) {
      Properties properties = new Properties();
      if (in != null) {
        properties.load(in);
      }
      return properties.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }
}
