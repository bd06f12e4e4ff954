package dev.agentrelay.http.api;

import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.bus.StoreClient;
import dev.agentrelay.core.bus.WriteCommand;
import dev.agentrelay.core.service.Idempotent;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Runs the writes that create something, answering 201 once they are on disk. With an
 * {@code Idempotency-Key} the first answer is kept and replayed to retries of the same request.
 */
final class Creations {

  static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
  private static final int MAX_KEY_LENGTH = 255;

  private final StoreClient store;

  Creations(StoreClient store) {
    this.store = store;
  }

  void create(RoutingContext ctx, WriteCommand<?> command) {
    String key = ctx.request().getHeader(IDEMPOTENCY_HEADER);
    if (key == null) {
      store.write(command).onSuccess(result -> Responses.json(ctx, 201, result)).onFailure(ctx::fail);
      return;
    }
    checkKey(key);
    Idempotent once = new Idempotent(Requests.actor(ctx).agentId(), key, fingerprint(ctx), 201, command);
    store.write(once).onSuccess(response -> Responses.stored(ctx, response)).onFailure(ctx::fail);
  }

  private static void checkKey(String key) {
    if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c > 32 && c < 127)) {
      throw RelayException.badRequest(IDEMPOTENCY_HEADER + " must be 1-" + MAX_KEY_LENGTH
          + " printable ASCII characters without spaces");
    }
  }

  /** Method, path and body: a retry must match all three to be a replay. */
  private static String fingerprint(RoutingContext ctx) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update((ctx.request().method().name() + " " + ctx.request().path() + "\n")
          .getBytes(StandardCharsets.UTF_8));
      Buffer body = ctx.body().buffer();
      if (body != null) {
        digest.update(body.getBytes());
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
