package dev.agentrelay.core.service;

import dev.agentrelay.core.RelayException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Which webhook targets the relay will call: http(s) only, and never loopback, link-local or unspecified
 * addresses unless the operator allows local targets. Private and Tailscale (100.64/10) ranges are fine.
 * Host names are checked here when they are literals or {@code localhost}; the dispatcher checks the
 * resolved address again before each call.
 */
public final class WebhookUrls {

  private WebhookUrls() {
  }

  /** The URL, checked; a 422 explaining the refusal otherwise. */
  public static String check(String url, boolean allowLocal) {
    URI uri = parse(url);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw refused(url, "only http and https URLs are allowed");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw refused(url, "the URL has no host");
    }
    if (!allowLocal && isLocalHost(host)) {
      throw refused(url, "loopback and link-local targets are refused (RELAY_WEBHOOK_ALLOW_LOCAL=true allows them)");
    }
    return url;
  }

  /** Whether an address is one that local-target protection refuses. */
  public static boolean isLocalAddress(InetAddress address) {
    return address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isAnyLocalAddress();
  }

  private static boolean isLocalHost(String host) {
    String name = host.toLowerCase(Locale.ROOT);
    if (name.equals("localhost") || name.endsWith(".localhost")) {
      return true;
    }
    String literal = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
    if (!isIpLiteral(literal)) {
      return false;
    }
    try {
      return isLocalAddress(InetAddress.getByName(literal));
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** An IP literal resolves without any lookup; only those are resolved here. */
  private static boolean isIpLiteral(String host) {
    return host.contains(":") || host.matches("[0-9.]+");
  }

  private static URI parse(String url) {
    try {
      return new URI(url);
    } catch (URISyntaxException e) {
      throw refused(url, "it is not a valid URL");
    }
  }

  private static RelayException refused(String url, String why) {
    return new RelayException(dev.agentrelay.core.Failure.INVALID, "webhook_url_refused",
        "webhook_url '" + url + "' is refused: " + why);
  }
}
