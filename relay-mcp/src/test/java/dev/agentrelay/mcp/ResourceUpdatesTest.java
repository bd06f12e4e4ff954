package dev.agentrelay.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrelay.core.json.Json;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResourceUpdatesTest {

  final Semaphore updates = new Semaphore(0);
  final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  final AtomicLong clock = new AtomicLong(5_000_000_000L);
  final ResourceUpdates resource = new ResourceUpdates(updates::release, scheduler, clock::get);

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  @Test
  void manyArrivalsAtOnceAreOneUpdateNowAndOneWhenTheGapHasPassed() throws InterruptedException {
    resource.pending(4, List.of());
    assertThat(updates.availablePermits()).isZero();

    for (int i = 0; i < 100; i++) {
      resource.arrived(Json.object().put("seq", i));
    }
    assertThat(updates.availablePermits()).isEqualTo(1);
    clock.addAndGet(ResourceUpdates.GAP_NANOS);
    assertThat(updates.tryAcquire(2, 10, TimeUnit.SECONDS)).as("the trailing update").isTrue();
    assertThat(updates.tryAcquire(1, 300, TimeUnit.MILLISECONDS)).as("no third").isFalse();
  }

  @Test
  void arrivalsFartherApartThanTheGapAreEachAnUpdate() {
    resource.arrived(Json.object().put("seq", 1));
    clock.addAndGet(ResourceUpdates.GAP_NANOS);
    resource.arrived(Json.object().put("seq", 2));
    assertThat(updates.availablePermits()).isEqualTo(2);
  }
}
