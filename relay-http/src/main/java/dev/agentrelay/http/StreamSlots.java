package dev.agentrelay.http;

import dev.agentrelay.core.Failure;
import dev.agentrelay.core.RelayException;
import java.util.concurrent.ConcurrentHashMap;

/** How many SSE streams each agent has open, across all HTTP instances, against a configured limit. */
final class StreamSlots {

  private final int perAgent;
  private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

  StreamSlots(int perAgent) {
    this.perAgent = perAgent;
  }

  /** Takes a slot for {@code agentId}, or refuses with 429 when it has {@code perAgent} open already. */
  void take(String agentId) {
    boolean[] taken = {false};
    open.compute(agentId, (id, count) -> {
      int current = count == null ? 0 : count;
      if (current >= perAgent) {
        return current;
      }
      taken[0] = true;
      return current + 1;
    });
    if (!taken[0]) {
      throw new RelayException(Failure.RATE_LIMITED, "too_many_streams", "agent '" + agentId + "' already has "
          + perAgent + " inbox streams open (RELAY_SSE_MAX_STREAMS_PER_AGENT); close one first");
    }
  }

  void release(String agentId) {
    open.computeIfPresent(agentId, (id, count) -> count <= 1 ? null : count - 1);
  }
}
