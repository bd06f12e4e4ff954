package dev.agentrelay.http;

import dev.agentrelay.core.config.RelayConfig;
import dev.agentrelay.http.api.ApiRouter;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import java.util.concurrent.atomic.AtomicInteger;

/** The HTTP API. Several instances share one port; Vert.x spreads connections across them. */
final class HttpVerticle extends VerticleBase {

  private final HttpContext http;
  private final AtomicInteger openConnections;

  /** @param openConnections the count of open connections, shared by every instance */
  HttpVerticle(HttpContext http, AtomicInteger openConnections) {
    this.http = http;
    this.openConnections = openConnections;
  }

  @Override
  public Future<?> start() {
    RelayConfig config = http.config();
    HttpServerOptions options = new HttpServerOptions().setHost(config.host()).setPort(config.port())
        .setCompressionSupported(true)
        // without h2c the HTTP/1.1 connection exists from the first byte on, so the guard's deadlines and cap
        // also see a connection that never sends anything; no client of the relay speaks h2c
        .setHttp2ClearTextEnabled(false)
        .setMaxInitialLineLength(InvalidRequests.MAX_REQUEST_LINE_BYTES)
        .setMaxHeaderSize(InvalidRequests.MAX_HEADER_BYTES);
    if (config.tlsCert() != null) {
      options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
          .setCertPath(config.tlsCert().toString()).setKeyPath(config.tlsKey().toString()));
    }
    ConnectionGuard guard = new ConnectionGuard(vertx, openConnections, config.httpMaxConnections(),
        config.httpIdleTimeoutMillis(), config.httpHeaderTimeoutMillis());
    guard.start();
    Router router = ApiRouter.create(vertx, http);
    return vertx.createHttpServer(options)
        .connectionHandler(guard::connected)
        .invalidRequestHandler(new InvalidRequests())
        .requestHandler(guard.watching(router))
        .listen();
  }
}
