package dev.agentrelay.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentrelay.cli.RelayCli;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The bench end to end on an embedded relay with tiny sizes: every scenario reports positive figures. */
class RelayBenchTest {

  @TempDir
  Path dir;

  @Test
  void anEmbeddedQuickRunReportsEveryScenario() {
    BenchOptions options = BenchOptions.parse(new String[] {"--embedded", "--quick", "--tmp", dir.toString(),
        "--sqlite-seconds", "0.3", "--senders", "4", "--recipients", "2", "--warmup", "0.2", "--seconds", "1",
        "--rates", "50,500", "--messages-per-rate", "100", "--inbox-sizes", "100,1000", "--inbox-reads", "5",
        "--inbox-acks", "3", "--fanout", "10", "--fanout-rounds", "1", "--connections", "20"});
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    BenchReport report = RelayBench.run(options, new PrintStream(progress, true, StandardCharsets.UTF_8));
    System.err.print(progress.toString(StandardCharsets.UTF_8) + report.table());

    assertThat(report.scenarios()).extracting(ScenarioResult::name)
        .containsExactly("sqlite-limit", "send", "push", "inbox", "fanout", "memory");
    assertThat(report.scenarios()).allSatisfy(s -> assertThat(s.failed()).as(s.table()).isFalse());
    JsonObject json = new JsonObject(report.toJson().encode());
    assertThat(json.getString("mode")).isEqualTo("embedded");
    assertThat(json.getJsonObject("machine").getInteger("cores")).isPositive();
    JsonObject scenarios = json.getJsonObject("scenarios");

    JsonObject sqlite = scenarios.getJsonObject("sqlite-limit");
    assertThat(sqlite.getLong("batched_rows_per_s")).isPositive();
    assertThat(sqlite.getLong("single_rows_per_s")).isPositive();
    assertThat(sqlite.getLong("send_shaped_sends_per_s")).isPositive();

    JsonObject send = scenarios.getJsonObject("send");
    assertThat(send.getLong("sends_per_s")).isPositive();
    assertThat(send.getDouble("ratio_to_sqlite_limit")).isPositive();
    assertThat(send.getDouble("ratio_to_send_shaped_limit")).isPositive();
    assertPercentiles(send.getJsonObject("latency"));
    assertThat(send.getJsonObject("cpu").getDouble("bench_jvm_us_per_send")).isPositive();

    JsonObject push = scenarios.getJsonObject("push");
    // the fastest rate warms up the busy paths, 100/s the ones a message takes through threads that slept
    assertThat(push.getJsonArray("warmups").stream().map(w -> ((JsonObject) w).getMap()).toList())
        .containsExactly(Map.of("rate_per_s", 500, "messages", 100), Map.of("rate_per_s", 100, "messages", 60));
    for (int rate : List.of(50, 500)) {
      JsonObject atRate = push.getJsonObject("rate_" + rate);
      assertPercentiles(atRate.getJsonObject("send_latency"));
      for (String mode : List.of("sse", "long_poll")) {
        JsonObject figures = atRate.getJsonObject(mode);
        assertThat(figures.getLong("received")).as(mode).isEqualTo(100L + figures.getInteger("settle_messages"));
        assertThat(figures.getLong("lost")).as(mode).isZero();
        assertThat(figures.getJsonObject("latency").getLong("count")).as(mode).isEqualTo(100L);
        assertPercentiles(figures.getJsonObject("latency"));
      }
    }

    JsonObject inbox = scenarios.getJsonObject("inbox");
    assertThat(inbox.getString("prefill_method")).isEqualTo("store");
    assertThat(inbox.getJsonArray("sizes")).hasSize(2);
    JsonObject big = inbox.getJsonArray("sizes").getJsonObject(1);
    assertThat(big.getInteger("queued")).isEqualTo(1000);
    assertThat(big.getLong("pending_reported")).isEqualTo(1000L);
    assertPercentiles(big.getJsonObject("page_read"));
    assertPercentiles(big.getJsonObject("ack"));
    assertThat(inbox.getDouble("read_p50_ratio_largest_to_smallest")).isPositive();

    JsonObject fanout = scenarios.getJsonObject("fanout");
    assertThat(fanout.getInteger("agents")).isEqualTo(10);
    assertThat(fanout.getInteger("recipients")).isGreaterThanOrEqualTo(10);
    assertThat(fanout.getDouble("all_received_worst_ms")).isPositive();

    JsonObject memory = scenarios.getJsonObject("memory");
    assertThat(memory.getInteger("connections")).isEqualTo(20);
    assertThat(memory.getLong("rss_open_bytes")).isPositive();
    assertThat(memory.getJsonObject("broadcast").getInteger("received")).isEqualTo(20);

    assertThat(json.getJsonArray("summary")).isNotEmpty();
    assertThat(report.table()).contains("== summary ==", "durable sends/s", "push send->sse p50 / p99, worst rate",
        "push send->long-poll p50 / p99, worst rate", "50/s send->sse", "500/s send (HTTP 201)");
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("send: start", "memory: done");
  }

  @Test
  void aShortSoakReportsTheFileSizeOverTimeAndTheSendLatencyWithAndWithoutRetention() {
    BenchOptions options = BenchOptions.parse(new String[] {"--scenarios", "soak", "--soak-minutes", "0.3",
        "--soak-rate", "50", "--soak-retention", "3s", "--tmp", dir.toString()});
    assertThat(options.needsRelay()).isFalse();

    BenchReport report = RelayBench.run(options, new PrintStream(new ByteArrayOutputStream(), true,
        StandardCharsets.UTF_8));

    ScenarioResult soak = report.scenario("soak").orElseThrow();
    assertThat(soak.failed()).as(soak.table()).isFalse();
    JsonObject data = new JsonObject(soak.data().encode());
    assertThat(data.getLong("failed_sends")).isZero();
    assertThat(data.getLong("acked")).isPositive();
    assertThat(data.getJsonArray("sizes")).hasSizeGreaterThanOrEqualTo(3);
    assertThat(data.getLong("database_bytes_max")).isPositive();
    assertPercentiles(data.getJsonObject("latency_before_retention"));
    assertPercentiles(data.getJsonObject("latency_with_retention"));
    assertThat(soak.table()).contains("database file after", "send latency, retention running");
  }

  @Test
  void sendAsTaskCreatesTasks() {
    BenchOptions options = BenchOptions.parse(new String[] {"--embedded", "--quick", "--scenarios", "send",
        "--send-as", "task", "--tmp", dir.toString()});
    assertThat(options.sendsTasks()).isTrue();

    BenchReport report = RelayBench.run(options, new PrintStream(new ByteArrayOutputStream(), true,
        StandardCharsets.UTF_8));

    ScenarioResult send = report.scenario("send").orElseThrow();
    assertThat(send.failed()).as(send.table()).isFalse();
    JsonObject data = new JsonObject(send.data().encode());
    assertThat(data.getString("send_as")).isEqualTo("task");
    assertThat(data.getLong("sends")).isPositive();
    assertThat(send.table()).contains("recipients, tasks)").doesNotContain("errors");
  }

  @Test
  void parsesTheCommandLine() {
    BenchOptions o = BenchOptions.parse(new String[] {"--url", "http://127.0.0.1:8400", "--key=k", "--quick",
        "--scenarios", "push,send", "--inbox-sizes", "1k,100k,1M", "--senders", "32", "--json"});
    assertThat(o.url()).isEqualTo("http://127.0.0.1:8400");
    assertThat(o.key()).isEqualTo("k");
    assertThat(o.quick()).isTrue();
    assertThat(o.json()).isTrue();
    assertThat(o.runs("send")).isTrue();
    assertThat(o.runs("inbox")).isFalse();
    assertThat(o.inboxSizes()).containsExactly(1_000, 100_000, 1_000_000);
    assertThat(o.senders()).isEqualTo(32);
    assertThat(o.sendSeconds()).isEqualTo(3);
    assertThat(BenchOptions.parse(new String[] {"--embedded"}).sendSeconds()).isEqualTo(20);

    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--quick"})).hasMessageContaining("--url");
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--url", "http://x:1"})).hasMessageContaining("--key");
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--embedded", "--scenarios", "nope"}))
        .hasMessageContaining("unknown scenario");
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--embedded", "--bogus"}))
        .hasMessageContaining("Unknown option: '--bogus'");
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--embedded", "--senders", "0"}))
        .hasMessageContaining("must be at least 1");
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--embedded", "--inbox-sizes", "1k,0"}))
        .hasMessageContaining("inbox sizes must be 1..100M");
    assertThat(BenchOptions.parse(new String[] {"--embedded"}).sendsTasks()).isFalse();
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--embedded", "--send-as", "note"}))
        .hasMessageContaining("send sends a message or a task, not 'note'");
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--embedded", "--push-modes", "sse,websocket"}))
        .hasMessageContaining("push modes are sse and long-poll");
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--embedded", "--rate", "5", "--rates", "1,2"}))
        .hasMessageContaining("--rates or --rate");
    assertThat(BenchOptions.parse(new String[] {"--scenarios", "sqlite-limit"}).needsRelay()).isFalse();
    assertThat(BenchOptions.parse(new String[] {"--embedded"}).runs("soak")).as("soak only when named").isFalse();
    BenchOptions soak = BenchOptions.parse(new String[] {"--scenarios", "soak", "--soak-rate", "500"});
    assertThat(soak.soakRate()).isEqualTo(500);
    assertThat(soak.soakMinutes()).isEqualTo(3);
    assertThat(soak.soakRetention()).isEqualTo("30s");
  }

  @Test
  void retentionTakesItsRowCountAsAnOption() {
    assertThat(BenchOptions.parse(new String[] {"--scenarios", "retention"}).retentionRows()).isEqualTo(1_000_000);
    assertThat(BenchOptions.parse(new String[] {"--scenarios", "retention", "--quick"}).retentionRows())
        .isEqualTo(100_000);
    assertThat(BenchOptions.parse(new String[] {"--scenarios", "retention", "--retention-rows", "250k"})
        .retentionRows()).isEqualTo(250_000);
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--scenarios", "retention", "--retention-rows", "0"}))
        .hasMessageContaining("a row count must be 1..100M");
  }

  @Test
  void pushTakesItsRatesAndMessagesPerRate() {
    BenchOptions defaults = BenchOptions.parse(new String[] {"--embedded", "--scenarios", "push"});
    assertThat(defaults.pushRates()).containsExactly(1, 10, 100, 1000);
    assertThat(defaults.pushMessagesAt(1)).as("the issue's floor of 600 per rate").isEqualTo(600);
    assertThat(defaults.pushMessagesAt(1000)).as("10 s at 1000/s, as before --rates").isEqualTo(10_000);
    assertThat(defaults.pushModes()).containsExactly("sse", "long-poll");

    BenchOptions given = BenchOptions.parse(new String[] {"--embedded", "--scenarios=PUSH", "--rates", "1,1k",
        "--messages-per-rate", "60", "--push-modes", "sse"});
    assertThat(given.runs("push")).isTrue();
    assertThat(given.pushRates()).containsExactly(1, 1000);
    assertThat(given.pushMessagesAt(1)).isEqualTo(60);
    assertThat(given.pushModes()).containsExactly("sse");

    BenchOptions old = BenchOptions.parse(new String[] {"--embedded", "--rate", "500", "--messages", "2000"});
    assertThat(old.pushRates()).as("--rate R is --rates R").containsExactly(500);
    assertThat(old.pushMessagesAt(500)).isEqualTo(2000);
  }

  @Test
  void theIdleProbeTimesEachStepOfTheMachineAtEachRateWithoutARelay() {
    BenchOptions options = BenchOptions.parse(new String[] {"--scenarios", "idle-probe", "--rates", "200,1000",
        "--probe-samples", "5", "--tmp", dir.toString()});
    assertThat(options.needsRelay()).isFalse();

    BenchReport report = RelayBench.run(options, new PrintStream(new ByteArrayOutputStream(), true,
        StandardCharsets.UTF_8));

    ScenarioResult probe = report.scenario("idle-probe").orElseThrow();
    assertThat(probe.failed()).as(probe.table()).isFalse();
    for (int rate : List.of(200, 1000)) {
      JsonObject figures = new JsonObject(probe.data().getJsonObject("rate_" + rate).encode());
      assertThat(figures.fieldNames()).containsExactlyInAnyOrder("parked_thread_wake", "selector_wake",
          "loopback_tcp_round_trip", "4k_overwrite_fdatasync", "4k_overwrite_fsync", "cpu_work", "256k_memory_walk",
          "vertx_post_to_sse_event");
      figures.fieldNames().forEach(step -> assertThat(figures.getJsonObject(step).getLong("count")).as(step)
          .isEqualTo(5L));
    }
    assertThat(probe.table()).contains("200/s parked thread wake", "1000/s 4k overwrite fsync",
        "1000/s vertx post to sse event");
  }

  @Test
  void relayBenchHelpIsPicocliUsageListingEveryOption() {
    StringWriter out = new StringWriter();
    CommandLine relay = RelayCli.commandLine(Map.of());
    relay.setOut(new PrintWriter(out));

    assertThat(relay.execute("bench", "--help")).isZero();

    assertThat(out.toString()).startsWith("Usage: relay bench").contains("--embedded", "--url=URL", "--rates=LIST",
        "--messages-per-rate=K", "--inbox-sizes=LIST", "--wake-rates=LIST", "--bridge-jar=PATH", "--retention-rows=N",
        "Exit");
    StringWriter err = new StringWriter();
    relay.setErr(new PrintWriter(err));
    assertThat(relay.execute("bench", "--embedded", "--rates", "1,x")).isEqualTo(2);
    assertThat(err.toString()).contains("must be a number, not 'x'", "Usage: relay bench");
  }

  private static void assertPercentiles(JsonObject latency) {
    assertThat(latency.getLong("count")).isPositive();
    assertThat(latency.getDouble("p50_ms")).isPositive();
    assertThat(latency.getDouble("p99_ms")).isGreaterThanOrEqualTo(latency.getDouble("p50_ms"));
    assertThat(latency.getDouble("p999_ms")).isGreaterThanOrEqualTo(latency.getDouble("p99_ms"));
  }
}
