package dev.agentrelay.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;

/** The HTTP API. Several instances share one port; Vert.x spreads connections across them. */
final class HttpVerticle extends VerticleBase {

  private final HttpContext http;

  HttpVerticle(HttpContext http) {
    this.http = http;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options = new HttpServerOptions().setHost(http.config().host()).setPort(http.config().port())
        .setCompressionSupported(true);
    if (http.config().tlsCert() != null) {
      options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
          .setCertPath(http.config().tlsCert().toString()).setKeyPath(http.config().tlsKey().toString()));
    }
    return vertx.createHttpServer(options).requestHandler(ApiRouter.create(vertx, http)).listen();
  }
}
