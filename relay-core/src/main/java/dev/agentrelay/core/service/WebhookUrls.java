package dev.agentrelay.core.service;

import dev.agentrelay.core.Failure;
import dev.agentrelay.core.RelayException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which webhook targets the relay will call: http(s) only, and never loopback, link-local, unspecified or
 * cloud metadata addresses unless the operator allows local targets. Private and Tailscale (100.64/10) ranges
 * are fine. Host names are checked here when they are literals or {@code localhost}; the dispatcher checks the
 * resolved address again before each call.
 */
public final class WebhookUrls {

  /** Instance metadata services that are not link-local: AWS over IPv6, Alibaba Cloud (inside 100.64/10). */
  private static final List<InetAddress> METADATA = List.of(literal("fd00:ec2::254"), literal("100.100.100.200"));
  private static final String DECIMAL_OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
  private static final Pattern DOTTED_DECIMAL = Pattern.compile(DECIMAL_OCTET + "(\\." + DECIMAL_OCTET + "){3}");
  /** A label a resolver reads as a number: decimal, octal with a leading 0, or hex with 0x. */
  private static final Pattern NUMERIC_LABEL = Pattern.compile("0x[0-9a-f]*|[0-9]+");

  private WebhookUrls() {
  }

  /** The URL, checked; a 422 explaining the refusal otherwise. */
  public static String check(String url, boolean allowLocal) {
    URI uri = parse(url);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw refused(url, "only http and https URLs are allowed");
    }
    String host = host(uri);
    if (host.isEmpty()) {
      throw refused(url, "the URL has no host");
    }
    if (isNonCanonicalIpv4(host)) {
      throw refused(url, "the host '" + host + "' is a numeric IPv4 address in a form that resolvers read in "
          + "different ways; write the address in dotted decimal, four numbers 0-255 without leading zeros");
    }
    if (uri.getHost() == null) {
      throw refused(url, "the URL has no valid host");
    }
    if (!allowLocal && isLocalHost(host)) {
      throw refused(url, "loopback, link-local, unspecified and cloud metadata targets are refused "
          + "(RELAY_WEBHOOK_ALLOW_LOCAL=true allows them)");
    }
    return url;
  }

  /**
   * Whether an address is one that local-target protection refuses: loopback, link-local (which holds the
   * usual metadata address 169.254.169.254), unspecified ({@code 0.0.0.0/8}, {@code ::}), the other cloud
   * metadata addresses, and IPv6 addresses that carry such an IPv4 address (mapped or compatible).
   */
  public static boolean isLocalAddress(InetAddress address) {
    InetAddress embedded = embeddedIpv4(address);
    if (embedded != address) {
      return isLocalAddress(embedded);
    }
    return address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isAnyLocalAddress()
        || (address instanceof Inet4Address && address.getAddress()[0] == 0) || METADATA.contains(address);
  }

  /** The IPv4 address inside an IPv4-mapped or IPv4-compatible IPv6 address, else the address itself. */
  private static InetAddress embeddedIpv4(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return address;
    }
    byte[] bytes = address.getAddress();
    boolean zeroPrefix = Arrays.equals(Arrays.copyOf(bytes, 10), new byte[10]);
    boolean mapped = zeroPrefix && bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    boolean compatible = zeroPrefix && bytes[10] == 0 && bytes[11] == 0;
    if (!mapped && !compatible) {
      return address;
    }
    try {
      return InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16));
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are an IPv4 address", e);
    }
  }

  /**
   * Whether the host ends in a number, which makes it an IPv4 address to a resolver, without being in the one
   * unambiguous spelling. inet_aton reads {@code 0177.0.0.1} (octal), {@code 0x7f.1} (hex), {@code 127.1} and
   * {@code 2130706433} all as 127.0.0.1, while Java reads some of them otherwise or not at all: rather than
   * guess which reading the connection would get, such spellings are refused.
   */
  private static boolean isNonCanonicalIpv4(String host) {
    if (host.startsWith("[")) {
      return false;
    }
    String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    String last = name.substring(name.lastIndexOf('.') + 1);
    return NUMERIC_LABEL.matcher(last).matches() && !DOTTED_DECIMAL.matcher(host).matches();
  }

  private static boolean isLocalHost(String name) {
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
    return host.contains(":") || DOTTED_DECIMAL.matcher(host).matches();
  }

  /**
   * The host in lower case, read from the authority when {@link URI} found none there (it finds none in
   * {@code 127.1} or {@code 0x7f.1}, which are no valid host names but are addresses to a resolver).
   */
  private static String host(URI uri) {
    if (uri.getHost() != null) {
      return uri.getHost().toLowerCase(Locale.ROOT);
    }
    String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
    String hostAndPort = authority.substring(authority.lastIndexOf('@') + 1);
    int colon = hostAndPort.startsWith("[") ? hostAndPort.indexOf(':', hostAndPort.indexOf(']'))
        : hostAndPort.indexOf(':');
    return (colon < 0 ? hostAndPort : hostAndPort.substring(0, colon)).toLowerCase(Locale.ROOT);
  }

  private static InetAddress literal(String address) {
    try {
      return InetAddress.getByName(address);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("a literal address needs no lookup", e);
    }
  }

  private static URI parse(String url) {
    try {
      return new URI(url);
    } catch (URISyntaxException e) {
      throw refused(url, "it is not a valid URL");
    }
  }

  private static RelayException refused(String url, String why) {
    return new RelayException(Failure.INVALID, "webhook_url_refused", "webhook_url '" + url + "' is refused: " + why);
  }
}
