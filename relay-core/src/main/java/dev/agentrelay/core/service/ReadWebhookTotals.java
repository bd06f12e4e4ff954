package dev.agentrelay.core.service;

import dev.agentrelay.core.store.AuditStore;
import dev.agentrelay.core.store.ReadContext;
import dev.agentrelay.core.bus.StoreQuery;
import io.vertx.core.Future;
import java.util.Map;

/**
 * The webhook figures as the audit log holds them, for every attempt since the database was made: attempts,
 * those delivered, the deliveries given up, and the webhooks disabled by a 410. The dispatcher starts its
 * counters from them, so that {@code /stats} and {@code /metrics} do not start again from zero at a restart.
 */
public record ReadWebhookTotals() implements StoreQuery<ReadWebhookTotals.Totals> {

  public record Totals(long attempts, long delivered, long gaveUp, long disabled) {
  }

  @Override
  public Future<Totals> run(ReadContext reads) {
    return AuditStore.countByDetail(reads, RecordWebhookAttempt.EVENT, "outcome").compose(attempts ->
        AuditStore.countByDetail(reads, DisableWebhook.EVENT, "reason").map(disabled -> new Totals(
            sum(attempts), attempts.getOrDefault(RecordWebhookAttempt.DELIVERED, 0L),
            attempts.getOrDefault(RecordWebhookAttempt.GAVE_UP, 0L), sum(disabled))));
  }

  private static long sum(Map<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }
}
