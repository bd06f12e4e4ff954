package dev.agentrelay.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Turns the inbox follower's items into Claude Code channel notifications without flooding the model: the items
 * waiting at the start are one summary (a single one is announced as itself), and once more than {@link #BURST}
 * items arrive within {@link #WINDOW_NANOS} the rest of that second is one summary, and so on every second until a
 * second passes with none.
 */
final class ChannelAnnouncer implements InboxFollower.Listener {

  static final int BURST = 20;
  static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Consumer<Map<String, Object>> sink;
  private final ScheduledExecutorService scheduler;
  private final LongSupplier clock;
  private final ArrayDeque<Long> recent = new ArrayDeque<>();
  private final List<JsonNode> heldFirst = new ArrayList<>();
  private long held;
  private boolean coalescing;

  /**
   * @param sink sends one notification's params
   * @param clock nanoseconds, as {@link System#nanoTime()}
   */
  ChannelAnnouncer(Consumer<Map<String, Object>> sink, ScheduledExecutorService scheduler, LongSupplier clock) {
    this.sink = sink;
    this.scheduler = scheduler;
    this.clock = clock;
  }

  @Override
  public synchronized void pending(long count, List<JsonNode> first) {
    if (count == 1) {
      arrived(first.get(0));
    } else if (count > 1) {
      sink.accept(ChannelText.summary(count, first, "waiting"));
    }
  }

  @Override
  public synchronized void arrived(JsonNode item) {
    if (!coalescing) {
      long now = clock.getAsLong();
      while (!recent.isEmpty() && now - recent.peekFirst() >= WINDOW_NANOS) {
        recent.pollFirst();
      }
      if (recent.size() < BURST) {
        recent.addLast(now);
        sink.accept(ChannelText.item(item));
        return;
      }
      coalescing = true;
      scheduler.schedule(this::flush, WINDOW_NANOS, TimeUnit.NANOSECONDS);
    }
    held++;
    if (heldFirst.size() < InboxFollower.SAMPLE) {
      heldFirst.add(item);
    }
  }

  private synchronized void flush() {
    if (held == 0) {
      coalescing = false;
      recent.clear();
      return;
    }
    sink.accept(ChannelText.summary(held, List.copyOf(heldFirst), "arrived"));
    held = 0;
    heldFirst.clear();
    scheduler.schedule(this::flush, WINDOW_NANOS, TimeUnit.NANOSECONDS);
  }
}
