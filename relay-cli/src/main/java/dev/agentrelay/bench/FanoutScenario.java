package dev.agentrelay.bench;

import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * N agents, each on one SSE stream; a tier-1 broadcast per round, timed from just before its POST until
 * the last of the N streams has parsed it. The broadcast reaches every agent of the relay (tier 1 reaches
 * everyone), so its recipients may exceed N; only the N streams are waited for. With several nodes the streams are
 * spread over them and the broadcasts go through the first.
 */
final class FanoutScenario {

  private final Bench bench;

  FanoutScenario(Bench bench) {
    this.bench = bench;
  }

  ScenarioResult run() {
    BenchOptions o = bench.options;
    int n = o.fanoutAgents();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(bench.agentId("fanout", Integer.toString(i)));
    }
    bench.progress.say("fanout: registering %,d agents", n);
    Map<String, String> keys = Bench.await(bench.relay.registerAll(ids, 32), 300);
    ScenarioResult result = new ScenarioResult(BenchOptions.FANOUT);
    try (StreamFleet fleet = new StreamFleet(bench, bench.nodes, n)) {
      fleet.open(ids.stream().map(keys::get).toList(), 64, "fanout");
      Bench.sleep(1000);
      JsonArray rounds = new JsonArray();
      double[] all = new double[o.fanoutRounds()];
      StreamFleet.Round last = null;
      for (int r = 1; r <= o.fanoutRounds(); r++) {
        StreamFleet.Round round = fleet.broadcast(r, 30);
        rounds.add(round.toJson());
        all[r - 1] = round.allMs() < 0 ? Double.POSITIVE_INFINITY : round.allMs();
        bench.progress.say("fanout: round %d: all %,d received in %s ms (POST %s ms)", r, n,
            round.allMs() < 0 ? "never" : Fmt.ms(round.allMs()), Fmt.ms(round.postMs()));
        last = round;
        Bench.sleep(300);
      }
      double[] sorted = all.clone();
      Arrays.sort(sorted);
      double median = sorted[(sorted.length - 1) / 2];
      double worst = sorted[sorted.length - 1];
      result.put("agents", n).put("rounds", rounds).put("recipients", last.recipients())
          .put("all_received_median_ms", Double.isInfinite(median) ? null : median)
          .put("all_received_worst_ms", Double.isInfinite(worst) ? null : worst)
          .put("streams_ended", fleet.ended());
      result.row("time until all " + Fmt.count(n) + " received", "median " + fmtMs(median) + ", worst "
          + fmtMs(worst) + " over " + o.fanoutRounds() + " broadcasts");
      result.row("broadcast POST (commit of " + last.recipients() + " deliveries)", Fmt.ms(last.postMs()) + " ms (last round)");
      result.row("per-agent receipt p50/p99 (last round)", Fmt.ms(last.p50Ms()) + " / " + Fmt.ms(last.p99Ms()) + " ms");
      if (bench.nodes.size() > 1) {
        result.put("nodes", bench.nodes.size());
        result.row("streams spread over", bench.nodes.size() + " nodes (" + String.join(", ",
            bench.nodes.stream().map(RelayClient::label).toList()) + "); broadcasts sent via " + bench.relay.label());
      }
      if (fleet.ended() > 0) {
        result.row("streams dropped by the relay", Integer.toString(fleet.ended()));
      }
    }
    return result;
  }

  private static String fmtMs(double ms) {
    return Double.isInfinite(ms) ? "incomplete" : Fmt.ms(ms) + " ms";
  }
}
