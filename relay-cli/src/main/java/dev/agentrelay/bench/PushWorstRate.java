package dev.agentrelay.bench;

import io.vertx.core.json.JsonObject;

/**
 * The push scenario's summary lines: per mode, its worst rate against the targets (p50 < 1 ms, p99 < 5 ms on one
 * node; p99 < 50 ms across nodes).
 */
final class PushWorstRate {

  static final double P50_TARGET_MS = 1;
  static final double P99_TARGET_MS = 5;
  static final double CROSS_NODE_P99_TARGET_MS = 50;

  private PushWorstRate() {
  }

  static void check(BenchReport report, ScenarioResult push, BenchOptions o) {
    for (String mode : o.pushModes()) {
      Worst p50 = new Worst();
      Worst p99 = new Worst();
      long lost = 0;
      for (int rate : o.pushRates()) {
        JsonObject m = push.data().getJsonObject("rate_" + rate).getJsonObject(PushScenario.key(mode));
        JsonObject latency = m.getJsonObject("latency");
        p50.offer(rate, latency.getDouble("p50_ms"));
        p99.offer(rate, latency.getDouble("p99_ms"));
        lost += m.getLong("lost", 0L);
      }
      String value = Fmt.ms(p50.ms) + " ms at " + p50.rate + "/s / " + Fmt.ms(p99.ms) + " ms at " + p99.rate + "/s"
          + (lost == 0 ? "" : " (" + lost + " lost)");
      if (push.data().getBoolean("cross_node", false)) {
        report.check("cross-node push send->" + mode + " p50 / p99, worst rate", value,
            "p99 < " + (int) CROSS_NODE_P99_TARGET_MS + " ms", lost == 0 && p99.ms < CROSS_NODE_P99_TARGET_MS);
      } else {
        report.check("push send->" + mode + " p50 / p99, worst rate", value,
            "< " + (int) P50_TARGET_MS + " / < " + (int) P99_TARGET_MS + " ms",
            lost == 0 && p50.ms < P50_TARGET_MS && p99.ms < P99_TARGET_MS);
      }
    }
  }

  /** The highest figure seen and the rate it was seen at. */
  private static final class Worst {
    double ms = -1;
    int rate;

    void offer(int atRate, double figure) {
      if (figure > ms) {
        ms = figure;
        rate = atRate;
      }
    }
  }
}
