package dev.agentrelay.http;

import dev.agentrelay.core.Failure;
import dev.agentrelay.core.RelayException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many held-open requests of one kind (SSE streams, long-polls) each agent has, across all HTTP
 * instances, against a configured limit.
 */
public final class StreamSlots {

  private final int perAgent;
  private final String code;
  private final String what;
  private final String setting;
  private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

  private StreamSlots(int perAgent, String code, String what, String setting) {
    this.perAgent = perAgent;
    this.code = code;
    this.what = what;
    this.setting = setting;
  }

  /** Every held-open event stream: inbox and deliveries streams, {@code /mcp}'s session and listen streams, A2A's. */
  public static StreamSlots inboxStreams(int perAgent) {
    return new StreamSlots(perAgent, "too_many_streams", "event streams open (inbox, /mcp and A2A streams count)",
        "RELAY_SSE_MAX_STREAMS_PER_AGENT");
  }

  public static StreamSlots longPolls(int perAgent) {
    return new StreamSlots(perAgent, "too_many_long_polls", "long-polls waiting", "RELAY_LONGPOLL_MAX_PER_AGENT");
  }

  /** Takes a slot for {@code agentId}, or refuses with 429 when it has {@code perAgent} taken already. */
  public void take(String agentId) {
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
      throw new RelayException(Failure.RATE_LIMITED, code, "agent '" + agentId + "' already has " + perAgent + " "
          + what + " (" + setting + "); close one first");
    }
  }

  public void release(String agentId) {
    open.computeIfPresent(agentId, (id, count) -> count <= 1 ? null : count - 1);
  }
}
