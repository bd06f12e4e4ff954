package dev.agentrelay.http.a2a;

import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.push.PushConfig;
import dev.agentrelay.core.push.StandardWebhooks;
import dev.agentrelay.core.service.WebhookUrls;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;

/**
 * POSTs one push notification: the config's token in {@code X-A2A-Notification-Token}, its authentication as
 * {@code Authorization}, and Standard Webhooks headers signed with the token. Like webhooks, the URL is checked
 * again and the host resolved and checked before the call, which goes to the checked address; redirects are
 * not followed (a 3xx is a failed attempt).
 */
final class PushSender {

  static final String TOKEN_HEADER = "X-A2A-Notification-Token";
  static final long DEADLINE_MILLIS = 10_000;

  private final Vertx vertx;
  private final HttpClient client;
  private final boolean allowLocal;

  PushSender(Vertx vertx, boolean allowLocal) {
    this.vertx = vertx;
    this.allowLocal = allowLocal;
    this.client = vertx.createHttpClient(new HttpClientOptions().setForceSni(true));
  }

  /** The HTTP status the endpoint answered; fails on a refused target, a connection error or the deadline. */
  Future<Integer> post(PushConfig config, String id, byte[] body) {
    try {
      WebhookUrls.check(config.url(), allowLocal);
    } catch (RelayException e) {
      return Future.failedFuture(e);
    }
    URI uri = URI.create(config.url());
    boolean https = uri.getScheme().toLowerCase(Locale.ROOT).equals("https");
    long timestamp = System.currentTimeMillis() / 1000;
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setHost(uri.getHost())
        .setPort(uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80).setSsl(https)
        .setURI((uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()))
        .setFollowRedirects(false).setTimeout(DEADLINE_MILLIS).setConnectTimeout(DEADLINE_MILLIS)
        .putHeader("Content-Type", A2aReplies.A2A_JSON)
        .putHeader("User-Agent", "agent-relay-a2a-push")
        .putHeader("webhook-id", id)
        .putHeader("webhook-timestamp", Long.toString(timestamp))
        .putHeader("webhook-signature", StandardWebhooks.sign(config.token(), id, timestamp, body))
        .putHeader(TOKEN_HEADER, config.token());
    if (config.authScheme() != null) {
      request.putHeader("Authorization", config.authScheme()
          + (config.authCredentials() == null ? "" : " " + config.authCredentials()));
    }
    return resolve(uri.getHost())
        .compose(address -> client.request(request.setServer(
            SocketAddress.inetSocketAddress(request.getPort(), address.getHostAddress()))))
        .compose(call -> call.send(Buffer.buffer(body)))
        .compose(response -> response.body().map(ignored -> response.statusCode()));
  }

  private Future<InetAddress> resolve(String host) {
    String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    return vertx.executeBlocking(() -> {
      InetAddress[] addresses = InetAddress.getAllByName(literal);
      for (InetAddress address : addresses) {
        if (!allowLocal && WebhookUrls.isLocalAddress(address)) {
          throw RelayException.invalid(host + " resolves to " + address.getHostAddress()
              + ", a loopback, link-local, unspecified or cloud metadata address");
        }
      }
      return addresses[0];
    }, false);
  }
}
