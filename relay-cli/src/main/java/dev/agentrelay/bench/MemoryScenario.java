package dev.agentrelay.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The relay's resident memory with N SSE connections open. Embedded mode starts a relay process of its
 * own for this (so that the bench's memory is not counted) and reads its {@code /proc/<pid>/status}
 * VmRSS/VmHWM: idle, with N agents registered, with N streams open, after one broadcast to all of them.
 * Remote mode opens the streams on the relay at {@code --url} and reads the RSS of {@code --relay-pid}.
 */
final class MemoryScenario {

  private final Bench bench;

  MemoryScenario(Bench bench) {
    this.bench = bench;
  }

  ScenarioResult run() throws Exception {
    BenchOptions o = bench.options;
    ScenarioResult result = new ScenarioResult(BenchOptions.MEMORY);
    int wanted = o.memoryConnections();
    long limit = Machine.openFilesLimit();
    int n = wanted;
    if (limit > 0 && limit < wanted + 512L) {
      n = (int) Math.max(1, limit - 512);
      result.note("ulimit -n is " + limit + ": opened " + n + " connections instead of " + wanted);
    }
    int perAgent = o.memoryStreamsPerAgent();
    ChildRelay child = null;
    RelayClient relay = bench.relay;
    Long pid = o.relayPid();
    try {
      if (bench.embedded != null || relay == null) {
        Path dir = bench.workDir.resolve("memory-relay");
        child = ChildRelay.start(dir, o.relayClasspath(), o.relayJvmArgs(), perAgent);
        bench.progress.say("memory: started a relay process (pid %d): %s", child.pid(), child.command());
        relay = new RelayClient(bench.vertx, child.url(), child.adminKey(), 64);
        waitHealthy(relay, child);
        pid = child.pid();
        result.put("relay_process", "separate process started by the bench: " + child.command());
      } else {
        result.put("relay_process", pid == null ? "remote relay, pid unknown (give --relay-pid)" : "pid " + pid);
      }
      Bench.sleep(300);
      long[] idle = rss(pid);

      int agents = (n + perAgent - 1) / perAgent;
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < agents; i++) {
        ids.add(bench.agentId("mem", Integer.toString(i)));
      }
      bench.progress.say("memory: registering %,d agents", agents);
      long t0 = System.nanoTime();
      Map<String, String> keys = Bench.await(relay.registerAll(ids, 64), 600);
      double registerSeconds = (System.nanoTime() - t0) / 1e9;
      long[] registered = rss(pid);
      List<String> streamKeys = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        streamKeys.add(keys.get(ids.get(i / perAgent)));
      }
      try (StreamFleet fleet = new StreamFleet(bench, relay, n)) {
        t0 = System.nanoTime();
        fleet.open(streamKeys, 128, "memory");
        double openSeconds = (System.nanoTime() - t0) / 1e9;
        long settle = Math.max(200, Math.min(2000, n / 5));
        Bench.sleep(settle);
        long[] open = rss(pid);
        StreamFleet.Round round = fleet.broadcast(1, 60);
        bench.progress.say("memory: broadcast to %,d streams: all received in %s ms", n,
            round.allMs() < 0 ? "never" : Fmt.ms(round.allMs()));
        Bench.sleep(settle / 2);
        long[] after = rss(pid);
        result.put("connections", fleet.size()).put("agents", agents).put("streams_per_agent", perAgent)
            .put("open_files_limit", limit)
            .put("rss_idle_bytes", idle[0]).put("rss_registered_bytes", registered[0])
            .put("rss_open_bytes", open[0]).put("rss_after_broadcast_bytes", after[0]).put("hwm_bytes", after[1])
            .put("rss_per_connection_bytes", open[0] < 0 ? -1 : (open[0] - registered[0]) / Math.max(1, fleet.size()))
            .put("register_s", Fmt.round(registerSeconds, 2)).put("open_s", Fmt.round(openSeconds, 2))
            .put("broadcast", round.toJson())
            .put("streams_ended", fleet.ended());
        if (open[0] < 0) {
          result.row("relay RSS", "unknown (no pid: give --relay-pid, or use --embedded)");
        } else {
          result.row("relay RSS idle", Fmt.mib(idle[0]));
          result.row("relay RSS with " + Fmt.count(agents) + " agents", Fmt.mib(registered[0]));
          result.row("relay RSS with " + Fmt.count(fleet.size()) + " SSE open", Fmt.mib(open[0]) + " ("
              + Fmt.count((open[0] - registered[0]) / (double) Math.max(1, fleet.size())) + " bytes per connection)");
          result.row("relay RSS after a broadcast to all", Fmt.mib(after[0]) + " (peak VmHWM " + Fmt.mib(after[1]) + ")");
        }
        result.row("open " + Fmt.count(fleet.size()) + " streams", Fmt.round(openSeconds, 1) + " s (register "
            + Fmt.count(agents) + " agents: " + Fmt.round(registerSeconds, 1) + " s)");
        result.row("broadcast to all: all received", round.allMs() < 0 ? "incomplete (" + round.received() + " of "
            + round.streams() + ")" : Fmt.ms(round.allMs()) + " ms (POST " + Fmt.ms(round.postMs()) + " ms)");
      }
    } finally {
      if (child != null) {
        relay.close();
        child.close();
      }
    }
    return result;
  }

  private static long[] rss(Long pid) {
    return pid == null ? new long[] {-1, -1} : Machine.residentMemory(pid);
  }

  private void waitHealthy(RelayClient relay, ChildRelay child) {
    long deadline = System.nanoTime() + 90_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (!child.alive()) {
        throw new IllegalStateException("the relay process exited; its log:\n" + child.logTail());
      }
      try {
        if (Bench.await(relay.get(RelayClient.API + "/health", null), 5).status() == 200) {
          return;
        }
      } catch (RuntimeException e) {
        // not listening yet
      }
      Bench.sleep(100);
    }
    throw new IllegalStateException("the relay process did not answer within 90 s; its log:\n" + child.logTail());
  }
}
