package dev.agentrelay.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What one bench run does. Every size left unset takes its full default, or its {@code --quick} default
 * when {@link #quick()} is set; setters return {@code this} so that callers (the CLI, tests) can chain them.
 */
public final class BenchOptions {

  public static final String SQLITE_LIMIT = "sqlite-limit";
  public static final String SEND = "send";
  public static final String PUSH = "push";
  public static final String INBOX = "inbox";
  public static final String FANOUT = "fanout";
  public static final String MEMORY = "memory";
  public static final String SOAK = "soak";
  public static final String WAKE = "wake";
  /** What a run without --scenarios runs, in the order they run. */
  public static final List<String> ALL_SCENARIOS = List.of(SQLITE_LIMIT, SEND, PUSH, INBOX, FANOUT, MEMORY);
  /** Every scenario, in the order they run; soak (minutes long) and wake (needs the bridge jar) only when named. */
  public static final List<String> KNOWN_SCENARIOS = List.of(SQLITE_LIMIT, SEND, PUSH, INBOX, FANOUT, MEMORY, SOAK,
      WAKE, RetentionScenario.NAME);

  private static final Set<String> VALUE_OPTIONS = Set.of("--url", "--key", "--key-file", "--scenarios", "--senders",
      "--recipients", "--seconds", "--warmup", "--rate", "--messages", "--push-modes", "--inbox-sizes", "--inbox-reads",
      "--inbox-acks", "--fanout", "--fanout-rounds", "--sqlite-seconds", "--connections", "--streams-per-agent",
      "--relay-pid", "--relay-jvm-args", "--relay-classpath", "--tmp", "--soak-minutes", "--soak-rate",
      "--soak-retention", "--wake-rates", "--wake-seconds", "--bridge-jar");

  private String url;
  private String key;
  private Path keyFile;
  private boolean embedded;
  private boolean quick;
  private boolean json;
  private boolean keep;
  private Set<String> scenarios = new LinkedHashSet<>(ALL_SCENARIOS);
  private Path tmpDir;

  private Integer senders;
  private Integer recipients;
  private Double sendSeconds;
  private Double warmupSeconds;
  private Integer pushRate;
  private Integer pushMessages;
  private List<String> pushModes;
  private List<Integer> inboxSizes;
  private Integer inboxReads;
  private Integer inboxAcks;
  private Integer fanoutAgents;
  private Integer fanoutRounds;
  private Double sqliteSeconds;
  private Integer memoryConnections;
  private Integer memoryStreamsPerAgent;
  private Long relayPid;
  private String relayJvmArgs;
  private Path relayClasspath;
  private Double soakMinutes;
  private Integer soakRate;
  private String soakRetention;
  private List<Integer> wakeRates;
  private Double wakeSeconds;
  private Path bridgeJar;

  public static final String USAGE = """
      usage: relay bench [--embedded | --url URL (--key KEY | --key-file FILE)] [options]
        --embedded                start a relay in this process on a temp SQLite file (one-command runs)
        --url URL                 drive a running relay (default mode); e.g. http://127.0.0.1:8400
        --key KEY | --key-file F  a tier-1 (admin) key of that relay; the bench registers its own agents
        --quick                   small sizes: the whole run takes under 30 s
        --json                    print one JSON object (the whole report) on stdout; tables go to stderr
        --scenarios LIST          comma-separated subset of: sqlite-limit,send,push,inbox,fanout,memory,soak
                                  (soak, wake and retention run only when named)
        --senders C               send: concurrent senders (64)
        --recipients M            send: recipients (16)
        --seconds T               send: measured seconds (20; quick 3)
        --warmup S                send and push: seconds of load not measured (10; quick 1)
        --rate R                  push: messages per second (1000)
        --messages K              push: measured messages per mode (10000; quick 1000)
        --push-modes LIST         push: sse,long-poll
        --inbox-sizes LIST        inbox: queued items, e.g. 1k,100k,1M (quick 1k,10k)
        --inbox-reads N           inbox: page reads measured per size (500; quick 50)
        --inbox-acks N            inbox: acks measured per size (200; quick 20)
        --fanout N                fanout: SSE agents (1000; quick 100)
        --fanout-rounds N         fanout: broadcasts (5; quick 2)
        --sqlite-seconds S        sqlite-limit: seconds of batched inserts (3; quick 1)
        --connections N           memory: SSE connections (10000; quick 500)
        --streams-per-agent N     memory: SSE connections per agent (1)
        --relay-pid PID           memory, remote mode: the relay process whose RSS to read
        --relay-jvm-args ARGS     memory, embedded mode: JVM flags of the relay process it starts
        --relay-classpath P       memory, embedded mode: the jar (or class path) to start the relay from
        --soak-minutes M          soak: minutes of sustained sends and acks (3; quick 0.5)
        --soak-rate R             soak: sends per second (200; quick 100)
        --soak-retention D        soak: RELAY_RETENTION_ACKED of the relay it starts (30s; quick 10s)
        --wake-rates LIST         wake: send rates per second, one run each (10,100)
        --wake-seconds S          wake: measured seconds per rate (20; quick 5)
        --bridge-jar PATH         wake: the MCP bridge's jar (relay-mcp.jar beside this jar, or the build's
                                  relay-mcp/target/relay-mcp.jar)
        --tmp DIR                 where temp databases go (default java.io.tmpdir; use the relay's disk)
        --keep                    keep temp files; in remote mode keep the agents the bench registered
      """;

  /** Parses command-line arguments; throws IllegalArgumentException with a message for the user. */
  public static BenchOptions parse(String[] args) {
    BenchOptions o = new BenchOptions();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        value = arg.substring(eq + 1);
        arg = arg.substring(0, eq);
      }
      switch (arg) {
        case "--embedded" -> o.embedded = true;
        case "--quick" -> o.quick = true;
        case "--json" -> o.json = true;
        case "--keep" -> o.keep = true;
        case "-h", "--help" -> throw new IllegalArgumentException("");
        default -> {
          if (!VALUE_OPTIONS.contains(arg)) {
            throw new IllegalArgumentException("unknown option " + arg);
          }
          if (value == null) {
            if (i + 1 >= args.length) {
              throw new IllegalArgumentException(arg + " needs a value");
            }
            value = args[++i];
          }
          o.set(arg, value);
        }
      }
    }
    o.check();
    return o;
  }

  private void set(String arg, String value) {
    switch (arg) {
      case "--url" -> url = value;
      case "--key" -> key = value;
      case "--key-file" -> keyFile = Path.of(value);
      case "--scenarios" -> scenarios(Arrays.asList(value.split(",")));
      case "--senders" -> senders = positive(arg, value);
      case "--recipients" -> recipients = positive(arg, value);
      case "--seconds" -> sendSeconds = seconds(arg, value);
      case "--warmup" -> warmupSeconds = Double.parseDouble(value);
      case "--rate" -> pushRate = positive(arg, value);
      case "--messages" -> pushMessages = positive(arg, value);
      case "--push-modes" -> pushModes(Arrays.asList(value.split(",")));
      case "--inbox-sizes" -> inboxSizes = sizes(value);
      case "--inbox-reads" -> inboxReads = positive(arg, value);
      case "--inbox-acks" -> inboxAcks = positive(arg, value);
      case "--fanout" -> fanoutAgents = positive(arg, value);
      case "--fanout-rounds" -> fanoutRounds = positive(arg, value);
      case "--sqlite-seconds" -> sqliteSeconds = seconds(arg, value);
      case "--connections" -> memoryConnections = positive(arg, value);
      case "--streams-per-agent" -> memoryStreamsPerAgent = positive(arg, value);
      case "--relay-pid" -> relayPid = Long.parseLong(value);
      case "--relay-jvm-args" -> relayJvmArgs = value;
      case "--relay-classpath" -> relayClasspath = Path.of(value);
      case "--tmp" -> tmpDir = Path.of(value);
      case "--soak-minutes" -> soakMinutes = seconds(arg, value);
      case "--soak-rate" -> soakRate = positive(arg, value);
      case "--soak-retention" -> soakRetention = value;
      case "--wake-rates" -> wakeRates = Arrays.stream(value.split(",")).map(v -> positive(arg, v.trim())).toList();
      case "--wake-seconds" -> wakeSeconds = seconds(arg, value);
      case "--bridge-jar" -> bridgeJar = Path.of(value);
      default -> throw new IllegalArgumentException("unknown option " + arg);
    }
  }

  /** Checks that the options make a run; throws IllegalArgumentException otherwise. */
  public void check() {
    if (!embedded && url == null && needsRelay()) {
      throw new IllegalArgumentException("give --url (and --key or --key-file) of a running relay, or --embedded");
    }
    if (embedded && url != null) {
      throw new IllegalArgumentException("--embedded starts its own relay: drop --url");
    }
    if (!embedded && url != null && key == null && keyFile == null) {
      throw new IllegalArgumentException("give an admin key with --key or --key-file");
    }
  }

  boolean needsRelay() {
    // soak starts a relay of its own, with its retention settings
    return scenarios.stream().anyMatch(s -> !s.equals(SQLITE_LIMIT) && !s.equals(SOAK)
        && !s.equals(RetentionScenario.NAME));
  }

  private static int positive(String arg, String value) {
    int n;
    try {
      n = (int) parseSize(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(arg + " must be a number, not '" + value + "'");
    }
    if (n < 1) {
      throw new IllegalArgumentException(arg + " must be at least 1");
    }
    return n;
  }

  private static double seconds(String arg, String value) {
    double s = Double.parseDouble(value);
    if (s <= 0) {
      throw new IllegalArgumentException(arg + " must be positive");
    }
    return s;
  }

  /** "1k,100k,1M" or "1000,100000". */
  private static List<Integer> sizes(String value) {
    List<Integer> out = new ArrayList<>();
    for (String part : value.split(",")) {
      long n = parseSize(part.trim());
      if (n < 1 || n > 100_000_000) {
        throw new IllegalArgumentException("inbox sizes must be 1..100M, not '" + part + "'");
      }
      out.add((int) n);
    }
    return out;
  }

  static long parseSize(String text) {
    String t = text.trim().replace("_", "").replace(",", "");
    long scale = 1;
    char last = Character.toLowerCase(t.charAt(t.length() - 1));
    if (last == 'k') {
      scale = 1_000;
    } else if (last == 'm') {
      scale = 1_000_000;
    }
    if (scale > 1) {
      t = t.substring(0, t.length() - 1);
    }
    return Long.parseLong(t) * scale;
  }

  // ---- fluent setters (for the CLI and tests) ----

  public BenchOptions url(String value) {
    url = value;
    return this;
  }

  public BenchOptions key(String value) {
    key = value;
    return this;
  }

  public BenchOptions keyFile(Path value) {
    keyFile = value;
    return this;
  }

  public BenchOptions embedded(boolean value) {
    embedded = value;
    return this;
  }

  public BenchOptions quick(boolean value) {
    quick = value;
    return this;
  }

  public BenchOptions json(boolean value) {
    json = value;
    return this;
  }

  public BenchOptions keep(boolean value) {
    keep = value;
    return this;
  }

  public BenchOptions scenarios(List<String> names) {
    Set<String> chosen = new LinkedHashSet<>();
    for (String name : names) {
      String n = name.trim().toLowerCase(Locale.ROOT);
      if (!KNOWN_SCENARIOS.contains(n)) {
        throw new IllegalArgumentException("unknown scenario '" + name + "'; choose from " + KNOWN_SCENARIOS);
      }
      chosen.add(n);
    }
    Set<String> ordered = new LinkedHashSet<>();
    KNOWN_SCENARIOS.stream().filter(chosen::contains).forEach(ordered::add);
    scenarios = ordered;
    return this;
  }

  public BenchOptions tmpDir(Path value) {
    tmpDir = value;
    return this;
  }

  public BenchOptions senders(int value) {
    senders = value;
    return this;
  }

  public BenchOptions recipients(int value) {
    recipients = value;
    return this;
  }

  public BenchOptions sendSeconds(double value) {
    sendSeconds = value;
    return this;
  }

  public BenchOptions warmupSeconds(double value) {
    warmupSeconds = value;
    return this;
  }

  public BenchOptions pushRate(int value) {
    pushRate = value;
    return this;
  }

  public BenchOptions pushMessages(int value) {
    pushMessages = value;
    return this;
  }

  public BenchOptions pushModes(List<String> modes) {
    List<String> out = new ArrayList<>();
    for (String m : modes) {
      String mode = m.trim().toLowerCase(Locale.ROOT);
      if (!mode.equals("sse") && !mode.equals("long-poll")) {
        throw new IllegalArgumentException("push modes are sse and long-poll, not '" + m + "'");
      }
      out.add(mode);
    }
    pushModes = out;
    return this;
  }

  public BenchOptions inboxSizes(List<Integer> value) {
    inboxSizes = List.copyOf(value);
    return this;
  }

  public BenchOptions inboxReads(int value) {
    inboxReads = value;
    return this;
  }

  public BenchOptions inboxAcks(int value) {
    inboxAcks = value;
    return this;
  }

  public BenchOptions fanoutAgents(int value) {
    fanoutAgents = value;
    return this;
  }

  public BenchOptions fanoutRounds(int value) {
    fanoutRounds = value;
    return this;
  }

  public BenchOptions sqliteSeconds(double value) {
    sqliteSeconds = value;
    return this;
  }

  public BenchOptions memoryConnections(int value) {
    memoryConnections = value;
    return this;
  }

  public BenchOptions memoryStreamsPerAgent(int value) {
    memoryStreamsPerAgent = value;
    return this;
  }

  public BenchOptions relayPid(long value) {
    relayPid = value;
    return this;
  }

  public BenchOptions relayJvmArgs(String value) {
    relayJvmArgs = value;
    return this;
  }

  public BenchOptions relayClasspath(Path value) {
    relayClasspath = value;
    return this;
  }

  // ---- resolved values ----

  public String url() {
    return url;
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

  public Set<String> scenarios() {
    return Set.copyOf(scenarios);
  }

  public boolean runs(String scenario) {
    return scenarios.contains(scenario);
  }

  public Path tmpDir() {
    return tmpDir != null ? tmpDir : Path.of(System.getProperty("java.io.tmpdir"));
  }

  public int senders() {
    return senders != null ? senders : quick ? 16 : 64;
  }

  public int recipients() {
    return recipients != null ? recipients : quick ? 8 : 16;
  }

  public double soakMinutes() {
    return soakMinutes != null ? soakMinutes : quick ? 0.5 : 3;
  }

  public int soakRate() {
    return soakRate != null ? soakRate : quick ? 100 : 200;
  }

  /** A duration as RELAY_RETENTION_ACKED takes it. */
  public String soakRetention() {
    return soakRetention != null ? soakRetention : quick ? "10s" : "30s";
  }

  public BenchOptions soakMinutes(double value) {
    soakMinutes = value;
    return this;
  }

  public BenchOptions soakRate(int value) {
    soakRate = value;
    return this;
  }

  public BenchOptions soakRetention(String value) {
    soakRetention = value;
    return this;
  }

  public List<Integer> wakeRates() {
    return wakeRates != null ? wakeRates : List.of(10, 100);
  }

  public double wakeSeconds() {
    return wakeSeconds != null ? wakeSeconds : quick ? 5 : 20;
  }

  /** Null: the scenario looks beside this jar and in the build tree. */
  public Path bridgeJar() {
    return bridgeJar;
  }

  public BenchOptions wakeSeconds(double value) {
    wakeSeconds = value;
    return this;
  }

  public double sendSeconds() {
    return sendSeconds != null ? sendSeconds : quick ? 3 : 20;
  }

  public double warmupSeconds() {
    // under 10 s the bench JVM's own JIT compilation still runs in the measured window, on the relay's cores
    return warmupSeconds != null ? warmupSeconds : quick ? 1 : 10;
  }

  public int pushRate() {
    return pushRate != null ? pushRate : 1000;
  }

  public int pushMessages() {
    return pushMessages != null ? pushMessages : quick ? 1000 : 10_000;
  }

  public List<String> pushModes() {
    return pushModes != null ? pushModes : List.of("sse", "long-poll");
  }

  public List<Integer> inboxSizes() {
    return inboxSizes != null ? inboxSizes : quick ? List.of(1_000, 10_000) : List.of(1_000, 100_000, 1_000_000);
  }

  public int inboxReads() {
    return inboxReads != null ? inboxReads : quick ? 50 : 500;
  }

  public int inboxAcks() {
    return inboxAcks != null ? inboxAcks : quick ? 20 : 200;
  }

  public int fanoutAgents() {
    return fanoutAgents != null ? fanoutAgents : quick ? 100 : 1000;
  }

  public int fanoutRounds() {
    return fanoutRounds != null ? fanoutRounds : quick ? 2 : 5;
  }

  public double sqliteSeconds() {
    return sqliteSeconds != null ? sqliteSeconds : quick ? 1 : 3;
  }

  public int memoryConnections() {
    return memoryConnections != null ? memoryConnections : quick ? 500 : 10_000;
  }

  public int memoryStreamsPerAgent() {
    return memoryStreamsPerAgent != null ? memoryStreamsPerAgent : 1;
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
