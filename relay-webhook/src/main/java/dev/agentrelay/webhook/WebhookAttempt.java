package dev.agentrelay.webhook;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import java.util.concurrent.TimeoutException;

/**
 * One POST to an endpoint, settled by its status code once the answer has been read, or failed. The deadline
 * runs from the start: whatever is still going on when it passes (a slow connect, headers that never come, a
 * body trickled byte by byte) fails the attempt and closes the connection. The answer's body is counted and
 * dropped; past the cap the attempt settles with the status and closes the connection rather than read on,
 * so that a connection with unread bytes is never handed to the next request.
 */
final class WebhookAttempt {

  private final Vertx vertx;
  private final AttemptLimits limits;
  private final Promise<Integer> outcome = Promise.promise();
  private final long deadline;
  private HttpClientRequest request;
  private long bodyBytes;

  /** Starts the deadline. */
  WebhookAttempt(Vertx vertx, AttemptLimits limits) {
    this.vertx = vertx;
    this.limits = limits;
    this.deadline = vertx.setTimer(limits.deadlineMillis(), t -> expire());
  }

  /** Sends {@code body} on the request once it is open; the status code, or why there is none. */
  Future<Integer> send(Future<HttpClientRequest> opening, Buffer body) {
    opening.onComplete(opened -> {
      if (opened.failed()) {
        fail(opened.cause());
      } else if (outcome.future().isComplete()) {
        opened.result().reset();
      } else {
        request = opened.result();
        request.send(body).onSuccess(this::read).onFailure(this::fail);
      }
    });
    return outcome.future();
  }

  private void read(HttpClientResponse response) {
    int status = response.statusCode();
    response.exceptionHandler(this::fail);
    response.handler(chunk -> {
      bodyBytes += chunk.length();
      if (bodyBytes > limits.maxBodyBytes()) {
        settle(status);
        request.reset();
      }
    });
    response.endHandler(end -> settle(status));
  }

  private void settle(int status) {
    vertx.cancelTimer(deadline);
    outcome.tryComplete(status);
  }

  private void fail(Throwable cause) {
    vertx.cancelTimer(deadline);
    outcome.tryFail(cause);
  }

  private void expire() {
    if (outcome.tryFail(new TimeoutException("no complete answer within " + limits.deadlineMillis() + " ms"))
        && request != null) {
      request.reset();
    }
  }
}
