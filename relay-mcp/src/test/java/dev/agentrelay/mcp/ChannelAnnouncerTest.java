package dev.agentrelay.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentrelay.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChannelAnnouncerTest {

  final BlockingQueue<Map<String, Object>> sent = new LinkedBlockingQueue<>();
  final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  /** Stands still unless a test moves it, so that "within a second" does not depend on the machine's speed. */
  final AtomicLong clock = new AtomicLong(1_000_000_000L);
  final ChannelAnnouncer announcer = new ChannelAnnouncer(sent::add, scheduler, clock::get);

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  static JsonNode message(long seq, String from, String text) {
    return Json.MAPPER.valueToTree(Map.of("delivery_id", "del_" + seq, "seq", seq, "event", "message.new",
        "from_agent", from, "message", Map.of("parts", List.of(Map.of("kind", "text", "text", text)))));
  }

  static JsonNode task(long seq) {
    return Json.MAPPER.valueToTree(Map.of("delivery_id", "del_" + seq, "seq", seq, "event", "task.created",
        "from_agent", "alice", "task_id", "task_" + seq, "task", Map.of("title", "Summarise the logs", "status",
            "submitted", "priority", "high", "description", "the last 24 h")));
  }

  @SuppressWarnings("unchecked")
  static Map<String, String> meta(Map<String, Object> params) {
    return (Map<String, String>) params.get("meta");
  }

  @Test
  void anItemIsOneNotificationWithItsIdsAsStringMetaAndItsText() {
    announcer.pending(0, List.of());
    announcer.arrived(task(7));
    announcer.arrived(message(8, "bob", "two\nlines"));

    Map<String, Object> first = sent.poll();
    assertThat(meta(first)).containsExactly(Map.entry("delivery_id", "del_7"), Map.entry("seq", "7"),
        Map.entry("event", "task.created"), Map.entry("from_agent", "alice"), Map.entry("task_id", "task_7"));
    assertThat((String) first.get("content"))
        .isEqualTo("#7 task.created from alice on task_7: \"Summarise the logs\" [submitted, high]\nthe last 24 h");
    Map<String, Object> second = sent.poll();
    assertThat(meta(second)).doesNotContainKey("task_id").containsEntry("event", "message.new");
    assertThat((String) second.get("content")).isEqualTo("#8 message.new from bob\ntwo\nlines");
    assertThat(sent).isEmpty();
  }

  @Test
  void itemsWaitingAtTheStartAreOneSummary() {
    announcer.pending(3, List.of(task(1), message(2, "bob", "hi"), message(3, "carol", "yo")));

    assertThat(sent).hasSize(1);
    Map<String, Object> summary = sent.poll();
    assertThat(meta(summary)).containsExactly(Map.entry("event", ChannelText.SUMMARY_EVENT),
        Map.entry("count", "3"));
    assertThat((String) summary.get("content")).startsWith("3 items waiting: #1 task.created from alice on task_1")
        .contains("#3 message.new from carol").endsWith("call relay_inbox to read them.");
  }

  @Test
  void oneItemWaitingAtTheStartIsAnnouncedAsItself() {
    announcer.pending(1, List.of(message(4, "bob", "hi")));

    assertThat(meta(sent.poll())).containsEntry("delivery_id", "del_4");
    assertThat(sent).isEmpty();
  }

  @Test
  void aBurstOfMoreThanTwentyWithinASecondEndsInOneSummary() throws InterruptedException {
    for (int seq = 1; seq <= 50; seq++) {
      announcer.arrived(message(seq, "bob", "m" + seq));
    }
    List<Map<String, Object>> now = new ArrayList<>();
    sent.drainTo(now);
    assertThat(now).hasSize(ChannelAnnouncer.BURST);

    Map<String, Object> summary = sent.poll(10, TimeUnit.SECONDS);
    assertThat(meta(summary)).containsEntry("event", ChannelText.SUMMARY_EVENT).containsEntry("count", "30");
    assertThat((String) summary.get("content")).startsWith("30 items arrived: #21 message.new from bob")
        .contains("and 25 more");

    clock.addAndGet(TimeUnit.SECONDS.toNanos(5));
    // a quiet second ends the coalescing: the next item is announced as itself again
    Thread.sleep(2 * TimeUnit.NANOSECONDS.toMillis(ChannelAnnouncer.WINDOW_NANOS) + 200);
    announcer.arrived(message(51, "bob", "after"));
    assertThat(meta(sent.poll(10, TimeUnit.SECONDS))).containsEntry("seq", "51");
  }
}
