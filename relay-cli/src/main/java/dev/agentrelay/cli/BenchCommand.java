package dev.agentrelay.cli;

import dev.agentrelay.bench.BenchOptions;
import dev.agentrelay.bench.RelayBench;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code relay bench}: the benchmark (docs/BENCHMARKS.md); its options are {@link BenchOptions}. */
@Command(name = "bench", sortOptions = false, usageHelpWidth = 110,
    description = {"Measure a relay: durable sends/s, push latency per rate, inbox depth, fan-out, memory, and the"
        + " machine's SQLite limit (docs/BENCHMARKS.md)."},
    footer = {"", "Give --embedded, or --url with --key or --key-file. Sizes take k and M (1k = 1000, 1M = 1000000)."
        + " Exit status: 0 ok, 1 a scenario failed, 2 usage."})
final class BenchCommand implements Callable<Integer> {

  @Mixin
  BenchOptions options;

  @Override
  public Integer call() {
    return RelayBench.execute(options);
  }
}
