package dev.agentrelay.core;

import dev.agentrelay.core.store.PendingDeliveries;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.shareddata.Shareable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The relay's own meters on the process's Micrometer registry. Counts that the stats endpoint also
 * reports are read from {@link RelayCounters}, so each figure is kept in one place.
 */
public final class RelayMeters implements Shareable {

  private final RelayCounters counters;
  private final DistributionSummary commitBatchSize;
  private final Timer commitTime;
  private final Counter rateLimited;

  public RelayMeters(MeterRegistry registry, RelayCounters counters, PendingDeliveries pending) {
    this.counters = counters;
    commitBatchSize = DistributionSummary.builder("relay.commit.batch.size")
        .description("writes committed together in one transaction").publishPercentileHistogram()
        .register(registry);
    commitTime = Timer.builder("relay.commit.duration")
        .description("time from a batch's start to its commit").publishPercentileHistogram().register(registry);
    rateLimited = Counter.builder("relay.rate.limited").description("requests refused with 429 by the rate limit")
        .register(registry);
    Gauge.builder("relay.deliveries.pending", pending, PendingDeliveries::total)
        .description("deliveries not yet acknowledged").register(registry);
    FunctionCounter.builder("relay.writes.committed", counters.committedWrites, AtomicLong::get)
        .description("writes committed").register(registry);
    FunctionCounter.builder("relay.deliveries.committed", counters.committedDeliveries, AtomicLong::get)
        .description("inbox deliveries committed").register(registry);
    Gauge.builder("relay.sse.subscribers", counters.sseSubscribers, AtomicLong::get).register(registry);
    Gauge.builder("relay.longpoll.waiters", counters.longPollWaiters, AtomicLong::get).register(registry);
    FunctionCounter.builder("relay.webhook.attempts", counters.webhookAttempts, AtomicLong::get)
        .description("webhook requests made").register(registry);
    webhookResult(registry, "delivered", counters.webhookSucceeded);
    webhookResult(registry, "gave_up", counters.webhookFailed);
    Gauge.builder("relay.webhook.disabled", counters.webhooksDisabled, AtomicLong::get).register(registry);
  }

  public RelayCounters counters() {
    return counters;
  }

  public void recordCommit(int batchSize, int deliveries, long nanos) {
    counters.commits.incrementAndGet();
    counters.committedWrites.addAndGet(batchSize);
    counters.committedDeliveries.addAndGet(deliveries);
    commitBatchSize.record(batchSize);
    commitTime.record(nanos, TimeUnit.NANOSECONDS);
  }

  public void rateLimited() {
    rateLimited.increment();
  }

  private static void webhookResult(MeterRegistry registry, String outcome, AtomicLong count) {
    FunctionCounter.builder("relay.webhook.deliveries", count, AtomicLong::get).tag("outcome", outcome)
        .description("webhook deliveries finished, by how").register(registry);
  }
}
