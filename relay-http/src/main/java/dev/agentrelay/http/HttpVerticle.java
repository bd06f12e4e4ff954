package dev.agentrelay.http;

import dev.agentrelay.core.RelayCounters;
import dev.agentrelay.core.auth.AgentDirectory;
import dev.agentrelay.core.config.RelayConfig;
import dev.agentrelay.core.store.PendingCounts;
import dev.agentrelay.core.store.StoreClient;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;

/** The HTTP API. Several instances share one port; Vert.x spreads connections across them. */
final class HttpVerticle extends VerticleBase {

  private final RelayConfig config;
  private final AgentDirectory agents;
  private final PendingCounts pending;
  private final RelayCounters counters;

  HttpVerticle(RelayConfig config, AgentDirectory agents, PendingCounts pending, RelayCounters counters) {
    this.config = config;
    this.agents = agents;
    this.pending = pending;
    this.counters = counters;
  }

  @Override
  public Future<?> start() {
    StoreClient store = new StoreClient(vertx);
    HttpServerOptions options = new HttpServerOptions().setHost(config.host()).setPort(config.port())
        .setCompressionSupported(true);
    if (config.tlsCert() != null) {
      options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
          .setCertPath(config.tlsCert().toString()).setKeyPath(config.tlsKey().toString()));
    }
    return vertx.createHttpServer(options)
        .requestHandler(ApiRouter.create(vertx, config, store, agents, pending, counters))
        .listen();
  }
}
