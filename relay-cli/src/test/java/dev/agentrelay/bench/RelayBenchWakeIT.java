package dev.agentrelay.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wake scenario drives the real bridge jar (built before the integration tests) against an embedded relay. */
class RelayBenchWakeIT {

  @TempDir
  Path dir;

  @Test
  void aShortWakeRunTimesEveryMessageFromItsSendToItsFirstChannelNotice() {
    BenchOptions options = BenchOptions.parse(new String[] {"--embedded", "--scenarios", "wake", "--wake-rates",
        "10,50", "--wake-seconds", "2", "--bridge-jar", System.getProperty("bridge.jar"), "--tmp", dir.toString()});

    BenchReport report = RelayBench.run(options, new PrintStream(new ByteArrayOutputStream(), true,
        StandardCharsets.UTF_8));

    ScenarioResult wake = report.scenario("wake").orElseThrow();
    assertThat(wake.failed()).as(wake.table()).isFalse();
    for (String rate : new String[] {"rate_10", "rate_50"}) {
      JsonObject run = new JsonObject(wake.data().encode()).getJsonObject(rate);
      assertThat(run.getLong("missing")).as(rate).isZero();
      assertThat(run.getLong("alone") + run.getLong("summarised")).as(rate).isGreaterThanOrEqualTo(run.getLong("sent"));
      JsonObject latency = run.getJsonObject("latency");
      assertThat(latency.getLong("count")).as(rate).isEqualTo(run.getLong("sent") - run.getLong("warmup_messages"));
      assertThat(latency.getDouble("p50_ms")).as(rate).isPositive();
      assertThat(run.getLong("bridge_rss_bytes")).as(rate).isPositive();
    }
    assertThat(report.table()).contains("wake send->channel p99 at 10/s");
  }
}
