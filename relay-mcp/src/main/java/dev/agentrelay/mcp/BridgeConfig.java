package dev.agentrelay.mcp;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The bridge's settings, from the environment: where the relay is ({@code RELAY_URL}), whose key to use
 * ({@code RELAY_API_KEY}, or a file holding it, {@code RELAY_API_KEY_FILE}) and which agent that is
 * ({@code AGENT_ID}), and whether to push new inbox items to a Claude Code channel ({@code RELAY_CHANNEL}, default
 * true). Checked once at start.
 */
record BridgeConfig(URI relayUrl, String apiKey, String agentId, boolean channel) {

  static final String DEFAULT_URL = "http://localhost:8400";
  private static final Pattern AGENT_ID = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,63}$");

  BridgeConfig {
    if (!AGENT_ID.matcher(agentId).matches()) {
      throw new IllegalArgumentException("AGENT_ID '" + agentId + "' is not an agent id (lower-case letters,"
          + " digits, '.', '_', '-'; at most 64)");
    }
  }

  static BridgeConfig from(Map<String, String> env) {
    return new BridgeConfig(url(env.getOrDefault("RELAY_URL", DEFAULT_URL)), key(env), required(env, "AGENT_ID"),
        flag(env, "RELAY_CHANNEL", true));
  }

  private static boolean flag(Map<String, String> env, String name, boolean fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(name + " must be true or false, not '" + value + "'");
    };
  }

  private static URI url(String text) {
    try {
      URI uri = new URI(text.trim());
      if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())
          || uri.getHost() == null) {
        throw new IllegalArgumentException("RELAY_URL must be an http(s) URL such as " + DEFAULT_URL
            + ", not '" + text + "'");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("RELAY_URL is not a URL: " + e.getMessage());
    }
  }

  private static String key(Map<String, String> env) {
    String key = env.get("RELAY_API_KEY");
    if (key != null && !key.isBlank()) {
      return key.trim();
    }
    String file = env.get("RELAY_API_KEY_FILE");
    if (file == null || file.isBlank()) {
      throw new IllegalArgumentException("set RELAY_API_KEY, or RELAY_API_KEY_FILE naming a file that holds it");
    }
    try {
      String fromFile = Files.readString(Path.of(file)).trim();
      if (fromFile.isEmpty()) {
        throw new IllegalArgumentException("RELAY_API_KEY_FILE " + file + " is empty");
      }
      return fromFile;
    } catch (IOException e) {
      throw new IllegalArgumentException("RELAY_API_KEY_FILE " + file + " cannot be read: " + e.getMessage());
    }
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("set " + name);
    }
    return value.trim();
  }

  /** Never prints the key. */
  @Override
  public String toString() {
    return "BridgeConfig[relayUrl=" + relayUrl + ", agentId=" + agentId + ", channel=" + channel + "]";
  }
}
