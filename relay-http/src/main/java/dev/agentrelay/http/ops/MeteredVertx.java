package dev.agentrelay.http.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.util.EnumSet;

/** A Vert.x instance that reports HTTP requests (by route, method and status) to the relay's registry. */
public final class MeteredVertx {

  private MeteredVertx() {
  }

  public static Vertx create(PrometheusMeterRegistry registry) {
    return builder(registry, new VertxOptions()).build();
  }

  /** The builder of such a Vert.x with {@code options}, to which it adds its metrics: to build it clustered. */
  public static VertxBuilder builder(PrometheusMeterRegistry registry, VertxOptions options) {
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        // the webhook client's meters; the server's are RequestMeters
        .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE))
        // every write crosses the event bus and a worker pool: their per-message meters cost more than they
        // tell, and relay_commit_* already measures that path
        .addDisabledMetricsCategory(MetricsDomain.EVENT_BUS)
        .addDisabledMetricsCategory(MetricsDomain.NAMED_POOLS)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true).setPublishQuantiles(true));
    return Vertx.builder()
        .with(options.setMetricsOptions(metrics))
        .withMetrics(new MicrometerMetricsFactory(registry) {
          @Override
          public VertxMetrics metrics(VertxOptions options) {
            return new RelayVertxMetrics(super.metrics(options), registry);
          }
        });
  }
}
