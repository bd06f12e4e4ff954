package dev.agentrelay.core.service;

import dev.agentrelay.core.Failure;
import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.bus.StoredResponse;
import dev.agentrelay.core.bus.WriteCommand;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.store.IdempotencyStore;
import dev.agentrelay.core.store.WriteContext;
import java.util.Optional;

/**
 * Runs a creating write at most once per (agent, Idempotency-Key) within 24 hours. The first answer is
 * stored in the same transaction as what it created; a retry gets that answer back and creates nothing.
 * Reusing a key for a different request is a 422.
 *
 * @param fingerprint what identifies the request (method, path and body hash)
 * @param status the status a fresh success is answered with
 */
public record Idempotent(String agentId, String key, String fingerprint, int status, WriteCommand<?> inner)
    implements WriteCommand<StoredResponse> {

  @Override
  public StoredResponse apply(WriteContext tx) throws Exception {
    Optional<IdempotencyStore.Saved> saved = IdempotencyStore.find(tx, agentId, key);
    if (saved.isPresent()) {
      if (!saved.get().fingerprint().equals(fingerprint)) {
        throw new RelayException(Failure.INVALID, "idempotency_key_reused",
            "Idempotency-Key '" + key + "' was already used for a different request in the last 24 hours");
      }
      return new StoredResponse(saved.get().status(), saved.get().body(), true);
    }
    String body = Json.write(inner.apply(tx));
    IdempotencyStore.save(tx, agentId, key, fingerprint, status, body);
    return new StoredResponse(status, body, false);
  }
}
