package dev.agentrelay.cli;

import dev.agentrelay.bench.BenchOptions;
import dev.agentrelay.bench.RelayBench;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** {@code relay bench}: the benchmark (docs/BENCHMARKS.md); it reads its own options. */
@Command(name = "bench", description = {"Measure a relay: durable sends/s, push latency, inbox depth, fan-out,"
    + " memory, and the machine's SQLite limit (relay bench --help lists the options)."})
final class BenchCommand implements Callable<Integer> {

  @Unmatched
  List<String> args = new ArrayList<>();

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    if (args.contains("--help") || args.contains("-h")) {
      PrintWriter out = spec.commandLine().getOut();
      out.print("Usage: relay bench [options]\n" + BenchOptions.USAGE);
      out.flush();
      return 0;
    }
    return RelayBench.execute(args.toArray(String[]::new));
  }
}
