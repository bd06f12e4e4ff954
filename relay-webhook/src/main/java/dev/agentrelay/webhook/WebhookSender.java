package dev.agentrelay.webhook;

import dev.agentrelay.core.service.WebhookUrls;
import dev.agentrelay.core.store.WebhookTarget;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;

/**
 * POSTs one signed delivery. The host is resolved first and every address checked, then the request goes
 * to the checked address (with the original Host header), so a DNS answer cannot move it onto loopback.
 */
final class WebhookSender {

  static final long CONNECT_TIMEOUT_MILLIS = 5_000;
  static final long REQUEST_TIMEOUT_MILLIS = 10_000;

  private final Vertx vertx;
  private final WebClient client;
  private final boolean allowLocal;

  WebhookSender(Vertx vertx, boolean allowLocal) {
    this.vertx = vertx;
    this.allowLocal = allowLocal;
    this.client = WebClient.create(vertx, new WebClientOptions()
        .setConnectTimeout((int) CONNECT_TIMEOUT_MILLIS)
        .setForceSni(true)
        .setUserAgent("agent-relay-webhook"));
  }

  /** The HTTP status the endpoint answered; fails on a refused target or a connection error. */
  Future<Integer> post(WebhookTarget target, String deliveryId, byte[] body) {
    URI uri = URI.create(target.url());
    boolean https = uri.getScheme().toLowerCase(Locale.ROOT).equals("https");
    int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
    String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    long timestamp = System.currentTimeMillis() / 1000;
    return resolve(uri.getHost()).compose(address -> client
        .request(HttpMethod.POST, SocketAddress.inetSocketAddress(port, address.getHostAddress()), port, uri.getHost(),
            path)
        .ssl(https)
        .connectTimeout(CONNECT_TIMEOUT_MILLIS)
        .timeout(REQUEST_TIMEOUT_MILLIS)
        .putHeader("Content-Type", "application/json")
        .putHeader("webhook-id", deliveryId)
        .putHeader("webhook-timestamp", Long.toString(timestamp))
        .putHeader("webhook-signature", WebhookSigner.sign(target.secret(), deliveryId, timestamp, body))
        .sendBuffer(Buffer.buffer(body))
        .map(response -> response.statusCode()));
  }

  private Future<InetAddress> resolve(String host) {
    String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    return vertx.executeBlocking(() -> {
      InetAddress[] addresses = InetAddress.getAllByName(literal);
      for (InetAddress address : addresses) {
        if (!allowLocal && WebhookUrls.isLocalAddress(address)) {
          throw new RefusedTarget(host + " resolves to " + address.getHostAddress()
              + ", a loopback or link-local address (RELAY_WEBHOOK_ALLOW_LOCAL=true allows it)");
        }
      }
      return addresses[0];
    }, false);
  }

  void close() {
    client.close();
  }

  /** The target resolves to an address the relay may not call: retrying will not help. */
  static final class RefusedTarget extends RuntimeException {
    RefusedTarget(String message) {
      super(message, null, false, false);
    }
  }
}
