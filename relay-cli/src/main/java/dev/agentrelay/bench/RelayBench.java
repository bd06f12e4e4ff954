package dev.agentrelay.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;

/**
 * {@code relay bench}: measures a relay. By default it drives a running relay at {@code --url} with an
 * admin key, registering agents of its own; {@code --embedded} starts one in this JVM on a temp SQLite
 * file. Scenarios: sqlite-limit, send, push, inbox, fanout, memory (see docs/BENCHMARKS.md). Progress goes
 * to stderr; the tables to stdout, or with {@code --json} one JSON object to stdout and the tables to stderr.
 */
public final class RelayBench {

  private static final Logger CONSUMER_LOG = Logger.getLogger("io.vertx.core.eventbus.impl.MessageConsumerImpl");

  private RelayBench() {
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the bench as {@code relay bench ARGS} does; answers the exit status (0 ok, 1 a scenario failed, 2 usage). */
  public static int execute(String[] args) {
    CommandLine commandLine = BenchOptions.commandLine();
    commandLine.setExecutionStrategy(parsed -> {
      Integer help = CommandLine.executeHelpRequest(parsed);
      return help != null ? help : execute((BenchOptions) commandLine.getCommand());
    });
    return commandLine.execute(args);
  }

  /** Runs the bench over options picocli has parsed: {@code relay bench} standalone or as the CLI's command. */
  public static int execute(BenchOptions options) {
    try {
      options.check();
    } catch (IllegalArgumentException e) {
      System.err.println("relay bench: " + e.getMessage());
      System.err.println("(relay bench --help lists the options)");
      return 2;
    }
    Logger.getLogger("").setLevel(Level.WARNING);
    // an embedded relay under long-poll load logs one warning per delivery published to a long-poll that
    // has just answered (its consumer is gone; the item stays queued): noise for a bench
    CONSUMER_LOG.setLevel(Level.SEVERE);
    BenchReport report;
    try {
      report = run(options, System.err);
    } catch (RuntimeException e) {
      System.err.println("relay bench: " + e.getMessage());
      return 1;
    }
    if (options.json()) {
      System.err.print(report.table());
      System.out.println(report.toJson().encodePrettily());
    } else {
      System.out.print(report.table());
    }
    System.out.flush();
    return report.scenarios().stream().anyMatch(ScenarioResult::failed) ? 1 : 0;
  }

  /** Runs the scenarios of {@code options}, progress on stderr. */
  public static BenchReport run(BenchOptions options) {
    return run(options, System.err);
  }

  /** Runs the scenarios of {@code options}; progress lines go to {@code progressOut}. */
  public static BenchReport run(BenchOptions options, PrintStream progressOut) {
    options.check();
    Progress progress = new Progress(progressOut);
    String runId = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36)
        + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36), 36);
    Path workDir;
    try {
      Files.createDirectories(options.tmpDir());
      workDir = Files.createTempDirectory(options.tmpDir(), "relay-bench-");
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a temp directory in " + options.tmpDir() + ": " + e, e);
    }
    JsonObject header = new JsonObject().put("run_id", runId)
        .put("mode", options.embedded() ? "embedded" : "remote")
        .put("quick", options.quick())
        .put("started_at", Instant.now().toString())
        .put("machine", Machine.describe(workDir))
        .put("load_start", Machine.loadAverage());
    BenchReport report = new BenchReport(header);
    Vertx vertx = Vertx.vertx();
    Bench bench = new Bench(options, progress, runId, vertx, workDir);
    progress.say("run %s (%s%s), machine: %s, load %s", runId, header.getString("mode"),
        options.quick() ? ", quick" : "", header.getJsonObject("machine").getString("summary"),
        header.getString("load_start"));
    try {
      if (options.needsRelay()) {
        connect(bench, header);
      }
      if (options.runs(BenchOptions.SQLITE_LIMIT) || options.runs(BenchOptions.SEND)) {
        report.add(scenario(bench, BenchOptions.SQLITE_LIMIT, () -> new SqliteLimitScenario(bench).run()));
      }
      if (options.runs(BenchOptions.PG_LIMIT)) {
        report.add(scenario(bench, BenchOptions.PG_LIMIT, () -> new PostgresLimitScenario(bench).run()));
      }
      if (options.runs(BenchOptions.SEND)) {
        report.add(scenario(bench, BenchOptions.SEND, () -> new SendScenario(bench).run()));
      }
      if (options.runs(BenchOptions.PUSH)) {
        report.add(scenario(bench, BenchOptions.PUSH, () -> new PushScenario(bench).run()));
      }
      if (options.runs(BenchOptions.INBOX)) {
        report.add(scenario(bench, BenchOptions.INBOX, () -> new InboxScenario(bench).run()));
      }
      if (options.runs(BenchOptions.FANOUT)) {
        report.add(scenario(bench, BenchOptions.FANOUT, () -> new FanoutScenario(bench).run()));
      }
      if (options.runs(BenchOptions.MEMORY)) {
        report.add(scenario(bench, BenchOptions.MEMORY, () -> new MemoryScenario(bench).run()));
      }
      if (options.runs(BenchOptions.SOAK)) {
        report.add(scenario(bench, BenchOptions.SOAK, () -> new SoakScenario(bench).run()));
      }
      if (options.runs(RetentionScenario.NAME)) {
        report.add(scenario(bench, RetentionScenario.NAME, () -> new RetentionScenario(bench).run()));
      }
      if (options.runs(BenchOptions.WAKE)) {
        report.add(scenario(bench, BenchOptions.WAKE, () -> new WakeScenario(bench).run()));
      }
      if (options.runs(BenchOptions.IDLE_PROBE)) {
        report.add(scenario(bench, BenchOptions.IDLE_PROBE, () -> new IdleProbeScenario(bench).run()));
      }
    } finally {
      finish(bench);
    }
    header.put("load_end", Machine.loadAverage()).put("duration_s", Fmt.round(progress.elapsedSeconds(), 1));
    summarize(report, options);
    progress.say("done in %.1f s", progress.elapsedSeconds());
    return report;
  }

  private static void connect(Bench bench, JsonObject header) {
    BenchOptions o = bench.options;
    int pool = Math.max(256, o.senders() + 64);
    if (o.embedded()) {
      bench.progress.say("starting an embedded relay in %s", bench.workDir.resolve("relay"));
      bench.embedded = EmbeddedRelay.start(bench.workDir.resolve("relay"));
      bench.relay = new RelayClient(bench.vertx, URI.create(bench.embedded.url()), bench.embedded.adminKey(), pool);
      bench.nodes.add(bench.relay);
      bench.prefill = Prefill.store(bench.embedded.store());
      header.put("url", bench.embedded.url()).put("database", bench.embedded.database().toString());
    } else {
      String key = o.key();
      if (key == null) {
        try {
          key = Files.readString(o.keyFile()).trim();
        } catch (IOException e) {
          throw new IllegalArgumentException("cannot read --key-file " + o.keyFile() + ": " + e.getMessage());
        }
      }
      for (String url : o.urls()) {
        bench.nodes.add(new RelayClient(bench.vertx, URI.create(url), key, pool));
      }
      bench.relay = bench.nodes.get(0);
      bench.prefill = Prefill.api(bench.relay);
      header.put("url", bench.relay.baseUrl());
      JsonArray nodes = new JsonArray();
      for (RelayClient node : bench.nodes) {
        JsonObject health = health(node);
        node.nodeId(health.getString("node"));
        header.put("relay_version", health.getString("version"));
        nodes.add(new JsonObject().put("url", node.baseUrl()).put("node", node.nodeId()));
      }
      if (bench.nodes.size() > 1) {
        header.put("nodes", nodes);
        bench.progress.say("%d nodes: %s", bench.nodes.size(),
            String.join(", ", bench.nodes.stream().map(RelayClient::label).toList()));
      }
    }
  }

  private static JsonObject health(RelayClient node) {
    RelayClient.Reply health;
    try {
      health = Bench.await(node.get(RelayClient.API + "/health", null), 10);
    } catch (RuntimeException e) {
      throw new IllegalStateException("no relay answers at " + node.baseUrl() + ": " + e.getMessage(), e);
    }
    if (health.status() != 200) {
      throw new IllegalStateException("the relay at " + node.baseUrl() + " is not healthy: " + health);
    }
    return health.json();
  }

  /** A scenario that cannot run reports its error; the others still run. */
  private interface Body {
    ScenarioResult run() throws Exception;
  }

  private static ScenarioResult scenario(Bench bench, String name, Body body) {
    long start = System.nanoTime();
    bench.progress.say("%s: start", name);
    ScenarioResult result;
    try {
      result = body.run();
    } catch (Exception | AssertionError e) {
      bench.progress.say("%s: FAILED: %s", name, e);
      result = new ScenarioResult(name).failed(e);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    result.put("scenario_s", Fmt.round(seconds, 1));
    bench.progress.say("%s: done in %.1f s", name, seconds);
    return result;
  }

  private static void finish(Bench bench) {
    try {
      if (bench.relay != null && bench.embedded == null && !bench.options.keep() && bench.relay.registeredCount() > 0) {
        bench.progress.say("cleaning up: acknowledging and deleting %d bench agents", bench.relay.registeredCount());
        Bench.await(bench.relay.cleanUp(), 600);
      }
    } catch (RuntimeException e) {
      bench.progress.say("clean-up failed: %s", e.getMessage());
    }
    try {
      bench.nodes.forEach(RelayClient::close);
      if (bench.embedded != null) {
        bench.embedded.close();
      }
    } finally {
      Bench.await(bench.vertx.close(), 30);
      if (!bench.options.keep()) {
        SqliteLimitScenario.deleteQuietly(bench.workDir);
      } else {
        bench.progress.say("kept %s", bench.workDir);
      }
    }
  }

  /** The headline figures against the targets. */
  private static void summarize(BenchReport report, BenchOptions o) {
    report.scenario(BenchOptions.SQLITE_LIMIT).filter(s -> !s.failed()).ifPresent(s -> report.check(
        "sqlite-limit batched inserts", Fmt.count(s.data().getLong("batched_rows_per_s")) + " rows/s (1-row tx: "
            + Fmt.count(s.data().getLong("single_rows_per_s")) + "/s)", null, null));
    report.scenario(BenchOptions.SEND).filter(s -> !s.failed()).ifPresent(s -> {
      long perSecond = s.data().getLong("sends_per_s");
      Double ratio = s.data().getDouble("ratio_to_sqlite_limit");
      report.check("durable sends/s, " + s.data().getInteger("senders") + " senders",
          Fmt.count(perSecond) + "/s" + (ratio == null ? "" : " (" + Fmt.ratio(ratio) + " of sqlite-limit)"),
          ">= 20,000/s", perSecond >= 20_000);
      report.check("send latency p99", Fmt.ms(s.data().getJsonObject("latency").getDouble("p99_ms")) + " ms",
          null, null);
    });
    report.scenario(BenchOptions.PUSH).filter(s -> !s.failed()).ifPresent(s -> PushWorstRate.check(report, s, o));
    report.scenario(BenchOptions.WAKE).filter(s -> !s.failed()).ifPresent(s -> {
      for (int rate : o.wakeRates()) {
        JsonObject r = s.data().getJsonObject("rate_" + rate);
        double p99 = r.getJsonObject("latency").getDouble("p99_ms");
        boolean complete = r.getLong("missing", 0L) == 0;
        report.check("wake send->channel p99 at " + rate + "/s", Fmt.ms(p99) + " ms"
            + (complete ? "" : " (" + r.getLong("missing") + " missing)"), "< 20 ms", complete && p99 < 20);
      }
    });
    report.scenario(BenchOptions.INBOX).filter(s -> !s.failed()).ifPresent(s -> {
      JsonArray sizes = s.data().getJsonArray("sizes");
      JsonObject first = sizes.getJsonObject(0);
      JsonObject last = sizes.getJsonObject(sizes.size() - 1);
      Double ratio = s.data().getDouble("read_p50_ratio_largest_to_smallest");
      report.check("inbox page read p50 Q=" + InboxScenario.label(last.getInteger("queued")) + " vs Q="
              + InboxScenario.label(first.getInteger("queued")),
          Fmt.ms(last.getJsonObject("page_read").getDouble("p50_ms")) + " vs "
              + Fmt.ms(first.getJsonObject("page_read").getDouble("p50_ms")) + " ms"
              + (ratio == null ? "" : String.format(Locale.ROOT, " (%.2fx)", ratio)),
          "<= 2x", ratio == null ? null : ratio <= 2);
      report.check("inbox ack p50 Q=" + InboxScenario.label(last.getInteger("queued")),
          Fmt.ms(last.getJsonObject("ack").getDouble("p50_ms")) + " ms", null, null);
    });
    report.scenario(BenchOptions.FANOUT).filter(s -> !s.failed()).ifPresent(s -> {
      Double worst = s.data().getDouble("all_received_worst_ms");
      Double median = s.data().getDouble("all_received_median_ms");
      report.check("fanout to " + Fmt.count(s.data().getInteger("agents")) + " SSE agents, all received",
          worst == null ? "incomplete" : "worst " + Fmt.ms(worst) + " ms, median " + Fmt.ms(median) + " ms",
          "<= 1000 ms", worst != null && worst <= 1000);
    });
    report.scenario(BenchOptions.MEMORY).filter(s -> !s.failed()).ifPresent(s -> {
      long rss = s.data().getLong("rss_open_bytes", -1L);
      long hwm = s.data().getLong("hwm_bytes", -1L);
      report.check("relay RSS, " + Fmt.count(s.data().getInteger("connections")) + " SSE connections",
          rss < 0 ? "unknown" : Fmt.mib(rss) + " (peak " + Fmt.mib(hwm) + ")", "< 512 MiB",
          rss < 0 ? null : rss < 512L * 1024 * 1024);
    });
  }
}
