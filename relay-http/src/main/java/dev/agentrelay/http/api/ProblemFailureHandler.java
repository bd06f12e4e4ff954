package dev.agentrelay.http.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.Failure;
import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.http.RateLimiter;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place that writes errors: RFC 9457 {@code application/problem+json} with a stable {@code code}.
 * Stack traces stay in the log; a client never sees one, nor an HTML page.
 */
public final class ProblemFailureHandler implements Handler<RoutingContext> {

  static final String PROBLEM_JSON = "application/problem+json";
  private static final String TYPE_PREFIX = "urn:agent-relay:problem:";
  private static final Logger LOG = Logger.getLogger(ProblemFailureHandler.class.getName());

  @Override
  public void handle(RoutingContext ctx) {
    answer(ctx, ctx.statusCode());
  }

  /**
   * For {@code router.errorHandler(status, ...)} where the router fails a request before any route runs (a path
   * it cannot normalize): the context then carries neither the status nor the failure.
   */
  Handler<RoutingContext> forStatus(int status) {
    return ctx -> answer(ctx, ctx.statusCode() > 0 ? ctx.statusCode() : status);
  }

  private void answer(RoutingContext ctx, int status) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      response.reset();
      return;
    }
    RelayException problem = toProblem(ctx, status);
    Failure failure = problem.failure();
    if (failure == Failure.RATE_LIMITED || failure == Failure.UNAVAILABLE) {
      Long retryAfter = ctx.get(RateLimiter.RETRY_AFTER);
      response.putHeader("Retry-After", String.valueOf(retryAfter == null ? 1 : retryAfter));
    }
    if (failure == Failure.UNAUTHORIZED) {
      response.putHeader("WWW-Authenticate", "Bearer realm=\"agent-relay\"");
    }
    send(response, failure.status(), failure.title(), problem.code(), problem.getMessage());
  }

  /**
   * Writes one problem document; also for answers given before any route runs (a request the HTTP decoder
   * refused), which have no {@link Failure} of their own.
   */
  public static Future<Void> send(HttpServerResponse response, int status, String title, String code, String detail) {
    ObjectNode body = Json.object()
        .put("type", TYPE_PREFIX + code)
        .put("title", title)
        .put("status", status)
        .put("detail", detail)
        .put("code", code);
    return response.setStatusCode(status).putHeader("Content-Type", PROBLEM_JSON).end(Json.write(body));
  }

  private static RelayException toProblem(RoutingContext ctx, int status) {
    Throwable failure = ctx.failure();
    if (failure instanceof RelayException relayException) {
      return relayException;
    }
    switch (status) {
      case 400:
        return RelayException.badRequest("the request could not be read: its path, query or body is malformed "
            + "(a % not followed by two hex digits, for one)");
      case 404:
        return new RelayException(Failure.NOT_FOUND, "route_not_found",
            "no such endpoint: " + ctx.request().method() + " " + ctx.request().path());
      case 405:
        return new RelayException(Failure.METHOD_NOT_ALLOWED, null,
            ctx.request().method() + " is not allowed on " + ctx.request().path());
      case 413:
        return new RelayException(Failure.PAYLOAD_TOO_LARGE, null, "the body is larger than RELAY_MAX_BODY_BYTES");
      case 415:
        return new RelayException(Failure.UNSUPPORTED_MEDIA_TYPE, null, "send the body as application/json");
      default:
        LOG.log(Level.SEVERE, "unexpected failure on " + ctx.request().method() + " " + ctx.request().path(), failure);
        return new RelayException(Failure.INTERNAL, null, "the relay failed on this request; see its log");
    }
  }
}
