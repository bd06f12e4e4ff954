package dev.agentrelay.bench;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine;

/**
 * What one bench run does: the options of {@code relay bench} (picocli; a mixin of the CLI's command). Every
 * size left unset takes its full default, or its {@code --quick} default when {@link #quick()} is set.
 */
@Command(name = "bench", sortOptions = false, usageHelpWidth = 110,
    description = {"Measure a relay: durable sends/s, push latency per rate, inbox depth, fan-out, memory, and the"
        + " machine's SQLite limit (docs/BENCHMARKS.md)."},
    footer = {"", "Give --embedded, or --url with --key or --key-file. Sizes take k and M (1k = 1000, 1M = 1000000)."
        + " Exit status: 0 ok, 1 a scenario failed, 2 usage."})
public final class BenchOptions {

  public static final String SQLITE_LIMIT = "sqlite-limit";
  public static final String SEND = "send";
  public static final String PUSH = "push";
  public static final String INBOX = "inbox";
  public static final String FANOUT = "fanout";
  public static final String MEMORY = "memory";
  public static final String SOAK = "soak";
  public static final String WAKE = "wake";
  public static final String IDLE_PROBE = "idle-probe";
  public static final String PG_LIMIT = "pg-limit";
  /** What a run without --scenarios runs, in the order they run. */
  public static final List<String> ALL_SCENARIOS = List.of(SQLITE_LIMIT, SEND, PUSH, INBOX, FANOUT, MEMORY);
  /**
   * Every scenario, in the order they run; soak (minutes long), wake (needs the bridge jar), idle-probe, retention
   * and pg-limit (needs RELAY_STORE=postgres) only when named.
   */
  public static final List<String> KNOWN_SCENARIOS = List.of(SQLITE_LIMIT, PG_LIMIT, SEND, PUSH, INBOX, FANOUT, MEMORY,
      SOAK, WAKE, IDLE_PROBE, RetentionScenario.NAME);

  @Option(names = "--embedded",
      description = "start a relay in this process on a temp SQLite file (one-command runs), or on the empty"
          + " PostgreSQL database that RELAY_STORE=postgres and RELAY_PG_* name")
  private boolean embedded;
  @Option(names = "--url", paramLabel = "URL", split = ",",
      description = {"drive a running relay (the default mode), e.g. http://127.0.0.1:8400; several nodes of one",
          "relay: comma-separated or the option repeated (senders and listeners are spread over them, push",
          "sends through the first and listens on the second)"})
  private List<String> urls;
  @Option(names = "--key", paramLabel = "KEY",
      description = "a tier-1 (admin) key of that relay; the bench registers agents of its own")
  private String key;
  @Option(names = "--key-file", paramLabel = "FILE", description = "the admin key, read from a file")
  private Path keyFile;
  @Option(names = "--quick", description = "small sizes: the whole run takes about a minute")
  private boolean quick;
  @Option(names = "--json",
      description = "print one JSON object (the whole report) on stdout; the tables go to stderr")
  private boolean json;
  @Option(names = "--keep",
      description = "keep temp files; in remote mode keep the agents the bench registered")
  private boolean keep;
  @Option(names = "--scenarios", paramLabel = "LIST", split = ",", converter = BenchValues.Scenario.class,
      description = {"comma-separated subset of: sqlite-limit,pg-limit,send,push,inbox,fanout,memory,soak,wake,",
          "idle-probe,retention",
          "(default all but pg-limit, soak, wake, idle-probe and retention, which run only when named)"})
  private Set<String> scenarios = new LinkedHashSet<>(ALL_SCENARIOS);
  @Option(names = "--tmp", paramLabel = "DIR",
      description = "where temp databases go (default java.io.tmpdir; use the relay's disk)")
  private Path tmpDir;

  @Option(names = "--senders", paramLabel = "C", converter = BenchValues.Positive.class,
      description = "send: concurrent senders (64; quick 16)")
  private Integer senders;
  @Option(names = "--recipients", paramLabel = "M", converter = BenchValues.Positive.class,
      description = "send: recipients (16; quick 8)")
  private Integer recipients;
  @Option(names = "--send-as", paramLabel = "KIND", converter = BenchValues.SendAs.class,
      description = "send: message (POST /messages, the default) or task (POST /tasks: a task row and its delivery)")
  private String sendAs;
  @Option(names = "--seconds", paramLabel = "T", converter = BenchValues.PositiveSeconds.class,
      description = "send: measured seconds (20; quick 3)")
  private Double sendSeconds;
  @Option(names = "--warmup", paramLabel = "S",
      description = "send and push: seconds of load not measured (10; quick 1); push then warms up 3x as long at 100/s")
  private Double warmupSeconds;
  @Option(names = "--rates", paramLabel = "LIST", split = ",", converter = BenchValues.Positive.class,
      description = "push and idle-probe: messages per second, one run per rate (1,10,100,1000; quick 10,1000)")
  private List<Integer> pushRates;
  @Option(names = "--rate", paramLabel = "R", converter = BenchValues.Positive.class,
      description = "push: one rate only, the same as --rates R")
  private Integer pushRate;
  @Option(names = {"--messages-per-rate", "--messages"}, paramLabel = "K", converter = BenchValues.Positive.class,
      description = {"push: measured messages per rate and mode (600, or 10 s of the rate if more;",
          "quick 50, or 1 s of the rate)"})
  private Integer pushMessages;
  @Option(names = "--probe-samples", paramLabel = "N", converter = BenchValues.Positive.class,
      description = "idle-probe: ticks per rate of --rates (120; quick 20); no relay, the machine alone")
  private Integer probeSamples;
  @Option(names = "--push-modes", paramLabel = "LIST", split = ",", converter = BenchValues.PushMode.class,
      description = "push: sse,long-poll")
  private List<String> pushModes;
  @Option(names = "--inbox-sizes", paramLabel = "LIST", split = ",", converter = BenchValues.InboxSize.class,
      description = "inbox: queued items, e.g. 1k,100k,1M (1k,100k,1M; quick 1k,10k)")
  private List<Integer> inboxSizes;
  @Option(names = "--inbox-reads", paramLabel = "N", converter = BenchValues.Positive.class,
      description = "inbox: page reads measured per size (500; quick 50)")
  private Integer inboxReads;
  @Option(names = "--inbox-acks", paramLabel = "N", converter = BenchValues.Positive.class,
      description = "inbox: acks measured per size (200; quick 20)")
  private Integer inboxAcks;
  @Option(names = "--fanout", paramLabel = "N", converter = BenchValues.Positive.class,
      description = "fanout: SSE agents (1000; quick 100)")
  private Integer fanoutAgents;
  @Option(names = "--fanout-rounds", paramLabel = "N", converter = BenchValues.Positive.class,
      description = "fanout: broadcasts (5; quick 2)")
  private Integer fanoutRounds;
  @Option(names = "--sqlite-seconds", paramLabel = "S", converter = BenchValues.PositiveSeconds.class,
      description = "sqlite-limit: seconds of batched inserts (3; quick 1)")
  private Double sqliteSeconds;
  @Option(names = "--connections", paramLabel = "N", converter = BenchValues.Positive.class,
      description = "memory: SSE connections (10000; quick 500)")
  private Integer memoryConnections;
  @Option(names = "--streams-per-agent", paramLabel = "N", converter = BenchValues.Positive.class,
      description = "memory: SSE connections per agent (1)")
  private Integer memoryStreamsPerAgent;
  @Option(names = "--relay-pid", paramLabel = "PID",
      description = "memory, remote mode: the relay process whose RSS to read")
  private Long relayPid;
  @Option(names = "--relay-jvm-args", paramLabel = "ARGS",
      description = "memory, embedded mode: JVM flags of the relay process it starts")
  private String relayJvmArgs;
  @Option(names = "--relay-classpath", paramLabel = "P",
      description = "memory, embedded mode: the jar (or class path) to start the relay from (this jar)")
  private Path relayClasspath;
  @Option(names = "--soak-minutes", paramLabel = "M", converter = BenchValues.PositiveSeconds.class,
      description = "soak: minutes of sustained sends and acks (3; quick 0.5)")
  private Double soakMinutes;
  @Option(names = "--soak-rate", paramLabel = "R", converter = BenchValues.Positive.class,
      description = "soak: sends per second (200; quick 100)")
  private Integer soakRate;
  @Option(names = "--soak-retention", paramLabel = "D",
      description = "soak: RELAY_RETENTION_ACKED of the relay it starts (30s; quick 10s)")
  private String soakRetention;
  @Option(names = "--retention-rows", paramLabel = "N", converter = BenchValues.Rows.class,
      description = "retention: acknowledged deliveries one round deletes (1M; quick 100k)")
  private Integer retentionRows;
  @Option(names = "--wake-rates", paramLabel = "LIST", split = ",", converter = BenchValues.Positive.class,
      description = "wake: send rates per second, one run each (10,100)")
  private List<Integer> wakeRates;
  @Option(names = "--wake-seconds", paramLabel = "S", converter = BenchValues.PositiveSeconds.class,
      description = "wake: measured seconds per rate (20; quick 5)")
  private Double wakeSeconds;
  @Option(names = "--bridge-jar", paramLabel = "PATH", description = {"wake: the MCP bridge's jar (relay-mcp.jar"
      + " beside this jar, or the build's relay-mcp/target/relay-mcp.jar)"})
  private Path bridgeJar;
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
  private boolean help;

  /** A picocli command line over new options: {@code relay bench} standalone, or for {@link #parse}. */
  public static CommandLine commandLine() {
    return new CommandLine(new BenchOptions());
  }

  /**
   * Parses command-line arguments and checks them; throws IllegalArgumentException with a message for the
   * user (picocli's own for a malformed option).
   */
  public static BenchOptions parse(String[] args) {
    CommandLine commandLine = commandLine();
    try {
      commandLine.parseArgs(args);
    } catch (ParameterException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    BenchOptions options = commandLine.getCommand();
    options.check();
    return options;
  }

  /** Whether --help was given. */
  public boolean helpRequested() {
    return help;
  }

  /** Checks that the options make a run; throws IllegalArgumentException otherwise. */
  public void check() {
    if (!embedded && urls == null && needsRelay()) {
      throw new IllegalArgumentException("give --url (and --key or --key-file) of a running relay, or --embedded");
    }
    if (embedded && urls != null) {
      throw new IllegalArgumentException("--embedded starts its own relay: drop --url");
    }
    if (urls != null) {
      urls.forEach(BenchOptions::checkUrl);
    }
    if (!embedded && urls != null && key == null && keyFile == null) {
      throw new IllegalArgumentException("give an admin key with --key or --key-file");
    }
    if (pushRate != null && pushRates != null) {
      throw new IllegalArgumentException("give --rates or --rate, not both");
    }
  }

  private static void checkUrl(String url) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      uri = null;
    }
    if (uri == null || uri.getHost() == null || !("http".equalsIgnoreCase(uri.getScheme())
        || "https".equalsIgnoreCase(uri.getScheme()))) {
      throw new IllegalArgumentException("--url '" + url + "' is not an http:// or https:// URL of a relay");
    }
  }

  boolean needsRelay() {
    // soak starts a relay of its own, with its retention settings; idle-probe and the limits measure without one
    return scenarios.stream().anyMatch(s -> !s.equals(SQLITE_LIMIT) && !s.equals(PG_LIMIT) && !s.equals(SOAK)
        && !s.equals(IDLE_PROBE) && !s.equals(RetentionScenario.NAME));
  }

  // ---- resolved values ----

  /** The first URL of --url, or null. */
  public String url() {
    return urls == null ? null : urls.get(0).trim();
  }

  /** Every URL of --url, in the order given (the nodes of one relay); empty in embedded mode. */
  public List<String> urls() {
    return urls == null ? List.of() : urls.stream().map(String::trim).toList();
  }

  public String key() {
    return key;
  }

  public Path keyFile() {
    return keyFile;
  }

  public boolean embedded() {
    return embedded;
  }

  public boolean quick() {
    return quick;
  }

  public boolean json() {
    return json;
  }

  public boolean keep() {
    return keep;
  }

  /** The scenarios chosen, in the order they run. */
  public Set<String> scenarios() {
    Set<String> ordered = new LinkedHashSet<>();
    KNOWN_SCENARIOS.stream().filter(scenarios::contains).forEach(ordered::add);
    return ordered;
  }

  public boolean runs(String scenario) {
    return scenarios.contains(scenario);
  }

  public Path tmpDir() {
    return tmpDir != null ? tmpDir : Path.of(System.getProperty("java.io.tmpdir"));
  }

  public int senders() {
    return sized(senders, 16, 64);
  }

  /** Whether the send scenario creates tasks rather than sending direct messages. */
  public boolean sendsTasks() {
    return "task".equals(sendAs);
  }

  public int recipients() {
    return sized(recipients, 8, 16);
  }

  public double soakMinutes() {
    return sized(soakMinutes, 0.5, 3.0);
  }

  public int soakRate() {
    return sized(soakRate, 100, 200);
  }

  /** A duration as RELAY_RETENTION_ACKED takes it. */
  public String soakRetention() {
    return sized(soakRetention, "10s", "30s");
  }

  public int retentionRows() {
    return sized(retentionRows, 100_000, 1_000_000);
  }

  public List<Integer> wakeRates() {
    return wakeRates != null ? wakeRates : List.of(10, 100);
  }

  public double wakeSeconds() {
    return sized(wakeSeconds, 5.0, 20.0);
  }

  /** Null: the scenario looks beside this jar and in the build tree. */
  public Path bridgeJar() {
    return bridgeJar;
  }

  public double sendSeconds() {
    return sized(sendSeconds, 3.0, 20.0);
  }

  public double warmupSeconds() {
    // under 10 s the bench JVM's own JIT compilation still runs in the measured window, on the relay's cores
    return sized(warmupSeconds, 1.0, 10.0);
  }

  /** The push rates, each a measured run per mode, in the order given. */
  public List<Integer> pushRates() {
    if (pushRates != null) {
      return pushRates;
    }
    if (pushRate != null) {
      return List.of(pushRate);
    }
    return quick ? List.of(10, 1000) : List.of(1, 10, 100, 1000);
  }

  /** Measured push messages per mode at {@code rate}: 600 (the issue's floor), or 10 s of a fast rate. */
  public int pushMessagesAt(int rate) {
    if (pushMessages != null) {
      return pushMessages;
    }
    return quick ? Math.max(50, rate) : Math.max(600, 10 * rate);
  }

  public int probeSamples() {
    return sized(probeSamples, 20, 120);
  }

  public List<String> pushModes() {
    return pushModes != null ? pushModes : List.of("sse", "long-poll");
  }

  public List<Integer> inboxSizes() {
    return sized(inboxSizes, List.of(1_000, 10_000), List.of(1_000, 100_000, 1_000_000));
  }

  public int inboxReads() {
    return sized(inboxReads, 50, 500);
  }

  public int inboxAcks() {
    return sized(inboxAcks, 20, 200);
  }

  public int fanoutAgents() {
    return sized(fanoutAgents, 100, 1000);
  }

  public int fanoutRounds() {
    return sized(fanoutRounds, 2, 5);
  }

  public double sqliteSeconds() {
    return sized(sqliteSeconds, 1.0, 3.0);
  }

  public int memoryConnections() {
    return sized(memoryConnections, 500, 10_000);
  }

  public int memoryStreamsPerAgent() {
    return memoryStreamsPerAgent != null ? memoryStreamsPerAgent : 1;
  }

  /** {@code given} if the option was set, else the default of a quick or a full run. */
  private <T> T sized(T given, T quickDefault, T fullDefault) {
    if (given != null) {
      return given;
    }
    return quick ? quickDefault : fullDefault;
  }

  public Long relayPid() {
    return relayPid;
  }

  public String relayJvmArgs() {
    return relayJvmArgs;
  }

  public Path relayClasspath() {
    return relayClasspath;
  }
}
