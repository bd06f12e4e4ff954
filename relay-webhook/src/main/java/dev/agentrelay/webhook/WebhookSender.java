package dev.agentrelay.webhook;

import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.a2a.A2aJson;
import dev.agentrelay.core.bus.WebhookTarget;
import dev.agentrelay.core.push.PushConfig;
import dev.agentrelay.core.push.StandardWebhooks;
import dev.agentrelay.core.service.WebhookUrls;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * POSTs one signed delivery or A2A push notification. The host is resolved first and every address checked, then
 * the request goes to the checked address (with the original Host header), so a DNS answer cannot move it onto
 * loopback.
 * Redirects are never followed: a 3xx is a failed attempt (Standard Webhooks), and following one would
 * take the request to an address nobody checked. Each attempt keeps to its {@link AttemptLimits}.
 */
final class WebhookSender {

  /**
   * Each agent has one attempt in flight; agents that share an endpoint should not queue for a connection,
   * since the wait would count against their deadlines.
   */
  private static final int CONNECTIONS_PER_ENDPOINT = 64;
  private static final String A2A_TOKEN_HEADER = "X-A2A-Notification-Token";

  private final Vertx vertx;
  private final HttpClientAgent client;
  private final boolean allowLocal;
  private final AttemptLimits limits;

  WebhookSender(Vertx vertx, boolean allowLocal, AttemptLimits limits) {
    this.vertx = vertx;
    this.allowLocal = allowLocal;
    this.limits = limits;
    this.client = vertx.createHttpClient(new HttpClientOptions().setForceSni(true),
        new PoolOptions().setHttp1MaxSize(CONNECTIONS_PER_ENDPOINT));
  }

  /**
   * The HTTP status the endpoint answered, once its answer has been read; fails on a refused target, a
   * connection error, or when the attempt's deadline passes first.
   */
  Future<Integer> post(WebhookTarget target, String deliveryId, byte[] body) {
    return post(target.url(), target.secret(), deliveryId, body, "application/json", "agent-relay-webhook",
        Map.of());
  }

  /**
   * The same for an A2A push notification: A2A's media type, the config's token in its own header and as the
   * signing key, and the config's {@code Authorization}.
   */
  Future<Integer> push(PushConfig config, String notificationId, byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(A2A_TOKEN_HEADER, config.token());
    if (config.authScheme() != null) {
      headers.put("Authorization", config.authScheme()
          + (config.authCredentials() == null ? "" : " " + config.authCredentials()));
    }
    return post(config.url(), config.token(), notificationId, body, A2aJson.MEDIA_TYPE, "agent-relay-a2a-push",
        headers);
  }

  private Future<Integer> post(String url, String secret, String id, byte[] body, String contentType,
      String userAgent, Map<String, String> headers) {
    try {
      // a URL stored before a rule was added is held to it too
      WebhookUrls.check(url, allowLocal);
    } catch (RelayException e) {
      return Future.failedFuture(new RefusedTarget(e.getMessage()));
    }
    WebhookAttempt attempt = new WebhookAttempt(vertx, limits);
    URI uri = URI.create(url);
    long timestamp = System.currentTimeMillis() / 1000;
    RequestOptions request = request(uri)
        .putHeader("Content-Type", contentType)
        .putHeader("User-Agent", userAgent)
        .putHeader("webhook-id", id)
        .putHeader("webhook-timestamp", Long.toString(timestamp))
        .putHeader("webhook-signature", StandardWebhooks.sign(secret, id, timestamp, body));
    headers.forEach(request::putHeader);
    return attempt.send(resolve(uri.getHost())
        .compose(address -> client.request(request.setServer(SocketAddress.inetSocketAddress(request.getPort(),
            address.getHostAddress())))), Buffer.buffer(body));
  }

  private RequestOptions request(URI uri) {
    boolean https = uri.getScheme().toLowerCase(Locale.ROOT).equals("https");
    String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    return new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setHost(uri.getHost())
        .setPort(uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80)
        .setSsl(https)
        .setURI(path)
        .setFollowRedirects(false)
        .setConnectTimeout(limits.deadlineMillis());
  }

  /** The address to call, once no address of the host is refused. */
  private Future<InetAddress> resolve(String host) {
    String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    return vertx.executeBlocking(() -> {
      InetAddress[] addresses = InetAddress.getAllByName(literal);
      for (InetAddress address : addresses) {
        if (!allowLocal && WebhookUrls.isLocalAddress(address)) {
          throw new RefusedTarget(host + " resolves to " + address.getHostAddress() + ", a loopback, link-local, "
              + "unspecified or cloud metadata address (RELAY_WEBHOOK_ALLOW_LOCAL=true allows it)");
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
