package dev.agentrelay.http;

import dev.agentrelay.http.api.ProblemFailureHandler;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;

/**
 * Answers a request the HTTP decoder refused before any route could see it (a request line or headers over the
 * limits, a control character in a header) with a problem document instead of an empty body, then closes the
 * connection: after a malformed message the next one cannot be found reliably.
 */
final class InvalidRequests implements Handler<HttpServerRequest> {

  /** The longest request line read, method and version included: the URI gets a little less. */
  static final int MAX_REQUEST_LINE_BYTES = 4096;
  /** The most bytes of header lines read for one request. */
  static final int MAX_HEADER_BYTES = 8192;

  @Override
  public void handle(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    if (cause instanceof TooLongHttpLineException) {
      answer(request, 414, "URI too long", "uri_too_long",
          "the request line is longer than " + MAX_REQUEST_LINE_BYTES + " bytes; send long input in a body");
    } else if (cause instanceof TooLongHttpHeaderException) {
      answer(request, 431, "Request header fields too large", "headers_too_large",
          "the request headers are larger than " + MAX_HEADER_BYTES + " bytes");
    } else {
      answer(request, 400, "Bad request", "bad_request", "the request is not valid HTTP/1.1: its request line or a "
          + "header is malformed (a header value may not hold control characters)");
    }
  }

  private static void answer(HttpServerRequest request, int status, String title, String code, String detail) {
    request.response().putHeader("Connection", "close");
    ProblemFailureHandler.send(request.response(), status, title, code, detail)
        .onComplete(done -> request.connection().close());
  }
}
