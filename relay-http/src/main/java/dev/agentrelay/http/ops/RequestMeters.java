package dev.agentrelay.http.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Counts and times the HTTP server's requests by route, method and status: {@code vertx_http_server_requests_total}
 * and {@code vertx_http_server_response_time_seconds}, the names and labels Vert.x's own meters use. Each
 * combination's meters are looked up once and kept, where Vert.x's builds and looks up five meters per request
 * (about a tenth of an event loop's time under a send load).
 */
final class RequestMeters implements HttpServerMetrics<RequestMeters.Timing, Void, Void> {

  /** Methods labelled by name; any other is {@code OTHER}, so a client cannot add series at will. */
  private static final Set<HttpMethod> NAMED_METHODS = Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT,
      HttpMethod.DELETE, HttpMethod.PATCH, HttpMethod.HEAD, HttpMethod.OPTIONS);

  private final MeterRegistry registry;
  private final ConcurrentHashMap<Series, Meters> meters = new ConcurrentHashMap<>();

  RequestMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** One request in flight: its method, the route that took it (empty when none did) and its start. */
  static final class Timing {
    private final String method;
    private final long startedNanos = System.nanoTime();
    private String route = "";

    private Timing(String method) {
      this.method = method;
    }
  }

  private record Series(String method, String route, int status) {
  }

  private record Meters(Counter requests, Timer responseTime) {
  }

  @Override
  public Timing requestBegin(Void socketMetric, HttpRequest request) {
    HttpMethod method = request.method();
    return new Timing(NAMED_METHODS.contains(method) ? method.name() : "OTHER");
  }

  /** Called for each route a request matches; the last one with a path names it (failure handlers have none). */
  @Override
  public void requestRouted(Timing timing, String route) {
    if (route != null) {
      timing.route = route;
    }
  }

  @Override
  public void responseEnd(Timing timing, HttpResponse response, long bytesWritten) {
    Meters series = meters.computeIfAbsent(new Series(timing.method, timing.route, response.statusCode()),
        this::register);
    series.requests().increment();
    series.responseTime().record(System.nanoTime() - timing.startedNanos, TimeUnit.NANOSECONDS);
  }

  private Meters register(Series series) {
    String[] tags = {"route", series.route(), "method", series.method(), "code", Integer.toString(series.status())};
    return new Meters(
        Counter.builder("vertx.http.server.requests").description("HTTP requests answered").tags(tags)
            .register(registry),
        Timer.builder("vertx.http.server.response.time").description("time from a request's start to its response's end")
            .tags(tags).publishPercentileHistogram().register(registry));
  }
}
