package dev.agentrelay.core.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.agentrelay.core.RelayCounters;
import dev.agentrelay.core.model.Agent;
import dev.agentrelay.core.model.AgentStatus;
import dev.agentrelay.core.store.ReadContext;
import dev.agentrelay.core.bus.StoreQuery;
import dev.agentrelay.core.store.StoreTotals;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/** The relay's figures for {@code GET /stats}: all from memory, no table is scanned. */
public record ReadStats(RelayCounters counters) implements StoreQuery<ReadStats.Stats> {

  public record Stats(
      @JsonProperty("agents") Agents agents,
      @JsonProperty("tasks") Map<String, Long> tasks,
      @JsonProperty("messages") long messages,
      @JsonProperty("deliveries") Deliveries deliveries,
      @JsonProperty("webhooks") Webhooks webhooks,
      @JsonProperty("sse_subscribers") long sseSubscribers,
      @JsonProperty("long_poll_waiters") long longPollWaiters) {
  }

  public record Agents(@JsonProperty("total") long total, @JsonProperty("online") long online) {
  }

  public record Deliveries(@JsonProperty("pending") long pending, @JsonProperty("acked") long acked) {
  }

  public record Webhooks(@JsonProperty("attempts") long attempts, @JsonProperty("succeeded") long succeeded,
      @JsonProperty("failed") long failed, @JsonProperty("disabled") long disabled) {
  }

  @Override
  public Future<Stats> run(ReadContext reads) {
    List<Agent> agents = reads.agents().all();
    Agents agentFigures = new Agents(agents.size(),
        agents.stream().filter(a -> a.status() == AgentStatus.ONLINE).count());
    StoreTotals totals = reads.totals();
    return Future.succeededFuture(new Stats(agentFigures, totals.tasks(), totals.messages(),
        new Deliveries(reads.pending().total(), totals.acked()), webhooks(), counters.sseSubscribers.get(),
        counters.longPollWaiters.get()));
  }

  private Webhooks webhooks() {
    return new Webhooks(counters.webhookAttempts.get(), counters.webhookSucceeded.get(),
        counters.webhookFailed.get(), counters.webhooksDisabled.get());
  }
}
