package dev.agentrelay.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentrelay.core.bus.WebhookTarget;
import dev.agentrelay.core.push.PushConfig;
import dev.agentrelay.core.push.StandardWebhooks;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link WebhookSender} against real endpoints that misbehave: what one attempt may cost the relay. */
@ExtendWith(VertxExtension.class)
class WebhookSenderTest {

  private static final String SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[24]);
  private static final byte[] BODY = "{\"type\":\"message.new\"}".getBytes(StandardCharsets.UTF_8);
  /** Long enough never to be what ends an attempt that has to end some other way. */
  private static final long NO_DEADLINE = 60_000;
  private static final int CAP = 64 * 1024;

  private final List<TestEndpoint> endpoints = new ArrayList<>();
  private WebhookSender sender;

  @AfterEach
  void stop() {
    if (sender != null) {
      sender.close();
    }
    endpoints.forEach(TestEndpoint::close);
  }

  @Test
  void anEndlessAnswerIsReadOnlyUpToTheCapAndItsConnectionClosed(Vertx vertx) {
    TestEndpoint endpoint = endpoint(vertx, request -> pump(request.response().setChunked(true)));
    sender = new WebhookSender(vertx, true, new AttemptLimits(NO_DEADLINE, CAP));

    int status = post(endpoint.url());

    assertThat(status).as("the status settles the attempt; the body never ends").isEqualTo(200);
    endpoint.awaitFirstConnectionClosed();
  }

  @Test
  void anA2aPushCarriesItsTokenAndAuthSignedWithTheTokenAndItsEndlessAnswerIsCappedToo(Vertx vertx) throws Exception {
    List<HttpServerRequest> seen = new CopyOnWriteArrayList<>();
    TestEndpoint endpoint = endpoint(vertx, request -> {
      seen.add(request);
      pump(request.response().setChunked(true));
    });
    sender = new WebhookSender(vertx, true, new AttemptLimits(NO_DEADLINE, CAP));
    PushConfig config = new PushConfig("cfg", "task", "owner", endpoint.url(), "tok-1", "Bearer", "cred");

    int status = sender.push(config, "n-1", BODY).await(30, TimeUnit.SECONDS);

    assertThat(status).isEqualTo(200);
    endpoint.awaitFirstConnectionClosed();
    MultiMap headers = seen.get(0).headers();
    assertThat(headers.get("Content-Type")).isEqualTo("application/a2a+json");
    assertThat(headers.get("X-A2A-Notification-Token")).isEqualTo("tok-1");
    assertThat(headers.get("Authorization")).isEqualTo("Bearer cred");
    assertThat(headers.get("webhook-signature")).isEqualTo(StandardWebhooks.sign("tok-1", "n-1",
        Long.parseLong(headers.get("webhook-timestamp")), BODY));
  }

  @Test
  void aBodyTrickledAfterTheHeadersFailsTheAttemptAtTheDeadlineAndClosesTheConnection(Vertx vertx) {
    TestEndpoint endpoint = endpoint(vertx, request -> trickle(vertx, request.response().setChunked(true)));
    sender = new WebhookSender(vertx, true, new AttemptLimits(500, CAP));

    assertThatThrownBy(() -> post(endpoint.url())).hasRootCauseInstanceOf(TimeoutException.class)
        .hasMessageContaining("no complete answer within 500 ms");
    endpoint.awaitFirstConnectionClosed();
  }

  @Test
  void anAnswerWhoseHeadersNeverComeFailsTheAttemptAtTheDeadline(Vertx vertx) {
    TestEndpoint endpoint = endpoint(vertx, request -> { });
    sender = new WebhookSender(vertx, true, new AttemptLimits(500, CAP));

    assertThatThrownBy(() -> post(endpoint.url())).hasRootCauseInstanceOf(TimeoutException.class);
    endpoint.awaitFirstConnectionClosed();
  }

  @Test
  void aRedirectIsTheAttemptsOutcomeAndItsTargetIsNeverCalled(Vertx vertx) {
    TestEndpoint target = endpoint(vertx, request -> request.response().end("ok"));
    TestEndpoint endpoint = endpoint(vertx, request -> request.response().setStatusCode(303)
        .putHeader("Location", target.url()).end());
    sender = new WebhookSender(vertx, true, new AttemptLimits(NO_DEADLINE, CAP));

    assertThat(post(endpoint.url())).isEqualTo(303);
    assertThat(target.requests()).isZero();
  }

  @Test
  void aSmallAnswerReadToItsEndLeavesTheConnectionForTheNextAttempt(Vertx vertx) {
    TestEndpoint endpoint = endpoint(vertx, request -> request.response().end("thanks"));
    sender = new WebhookSender(vertx, true, new AttemptLimits(NO_DEADLINE, CAP));

    assertThat(post(endpoint.url())).isEqualTo(200);
    assertThat(post(endpoint.url())).isEqualTo(200);

    assertThat(endpoint.connectionOf(1)).isSameAs(endpoint.connectionOf(0));
  }

  @Test
  void aConnectionWithAnAnswerLeftUnreadIsNotUsedAgain(Vertx vertx) {
    Buffer large = Buffer.buffer(new byte[4 * CAP]);
    TestEndpoint endpoint = endpoint(vertx, request -> request.response().setStatusCode(202).end(large));
    sender = new WebhookSender(vertx, true, new AttemptLimits(NO_DEADLINE, CAP));

    assertThat(post(endpoint.url())).isEqualTo(202);
    endpoint.awaitFirstConnectionClosed();
    assertThat(post(endpoint.url())).isEqualTo(202);

    assertThat(endpoint.connectionOf(1)).isNotSameAs(endpoint.connectionOf(0));
  }

  @Test
  void refusesALocalTargetUnlessAllowed(Vertx vertx) {
    TestEndpoint endpoint = endpoint(vertx, request -> request.response().end());
    sender = new WebhookSender(vertx, false, new AttemptLimits(NO_DEADLINE, CAP));

    assertThatThrownBy(() -> post(endpoint.url())).hasRootCauseInstanceOf(WebhookSender.RefusedTarget.class);
    assertThat(endpoint.requests()).isZero();
  }

  @Test
  void refusesATargetStoredWithANumericHostThatIsNotDottedDecimal(Vertx vertx) {
    TestEndpoint endpoint = endpoint(vertx, request -> request.response().end());
    sender = new WebhookSender(vertx, true, new AttemptLimits(NO_DEADLINE, CAP));

    assertThatThrownBy(() -> post(endpoint.url().replace("127.0.0.1", "127.1")))
        .hasRootCauseInstanceOf(WebhookSender.RefusedTarget.class).hasMessageContaining("dotted decimal");
    assertThat(endpoint.requests()).isZero();
  }

  private TestEndpoint endpoint(Vertx vertx, Handler<HttpServerRequest> answer) {
    TestEndpoint endpoint = TestEndpoint.start(vertx, answer);
    endpoints.add(endpoint);
    return endpoint;
  }

  private int post(String url) {
    Future<Integer> status = sender.post(new WebhookTarget(url, SECRET), "d-1", BODY);
    try {
      return status.await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the attempt failed: " + e.getMessage(), e);
    }
  }

  /** Writes as fast as the client reads, for as long as the connection lasts. */
  private static void pump(HttpServerResponse response) {
    Buffer chunk = Buffer.buffer(new byte[16 * 1024]);
    while (!response.closed() && !response.writeQueueFull()) {
      response.write(chunk);
    }
    response.drainHandler(v -> pump(response));
  }

  /** One byte every 50 ms, for as long as the connection lasts. */
  private static void trickle(Vertx vertx, HttpServerResponse response) {
    long timer = vertx.setPeriodic(50, t -> response.write("x"));
    response.closeHandler(v -> vertx.cancelTimer(timer));
  }
}
