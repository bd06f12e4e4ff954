package dev.agentrelay.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The runnable jar ({@code relay.jar} system property) as a real process on one data directory and port, which a
 * test can SIGKILL and start again on the same data. Start returns once the relay logs that it is listening.
 * Public for the tests of other packages (the cluster test, beside relay-http's test helpers).
 */
public final class RelayProcess {

  private final Path dataDir;
  private final int port;
  private final Map<String, String> env;
  private final List<String> log = new CopyOnWriteArrayList<>();
  private Process process;
  private volatile int runStart;

  public RelayProcess(Path dataDir, Map<String, String> env) {
    this(dataDir, freePorts(1)[0], env);
  }

  /** On {@code port}, for a test that picks several ports at once (see {@link #freePorts(int)}). */
  public RelayProcess(Path dataDir, int port, Map<String, String> env) {
    this.dataDir = dataDir;
    this.port = port;
    this.env = env;
  }

  public int port() {
    return port;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  Path database() {
    return dataDir.resolve("relay.db");
  }

  /** The output of every run so far, for failure messages. */
  public List<String> log() {
    return log;
  }

  /**
   * Waits until a line containing {@code text} is logged at or after line {@code from} of {@link #log()}; answers
   * its index, or -1 when none came within {@code timeout}.
   */
  public int awaitLogLine(String text, int from, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (log) {
      for (int i = from; ; i++) {
        while (i >= log.size()) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return -1;
          }
          TimeUnit.NANOSECONDS.timedWait(log, left);
        }
        if (log.get(i).contains(text)) {
          return i;
        }
      }
    }
  }

  /** The index in {@link #log()} of the first line of the current (or last) run. */
  public int runStart() {
    return runStart;
  }

  public boolean alive() {
    return process != null && process.isAlive();
  }

  /** "running", or how the last run ended: 137 after SIGKILL, 143 after SIGTERM, 0 when it stopped on its own. */
  public String state() {
    if (process == null) {
      return "not started";
    }
    return process.isAlive() ? "running" : "exited with status " + process.exitValue();
  }

  public void start() throws Exception {
    List<String> command = new ArrayList<>(List.of(java(), "-jar", System.getProperty("relay.jar"), "serve"));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.startsWith("RELAY_"));
    builder.environment().put("RELAY_DATA_DIR", dataDir.toString());
    builder.environment().put("RELAY_HOST", "127.0.0.1");
    builder.environment().put("RELAY_PORT", String.valueOf(port));
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    runStart = log.size();
    process = builder.start();
    CompletableFuture<Void> listening = new CompletableFuture<>();
    Process started = process;
    Thread reader = new Thread(() -> readLog(started, listening), "relay-log");
    reader.setDaemon(true);
    reader.start();
    listening.get(90, TimeUnit.SECONDS);
  }

  /** SIGKILL on Linux: no shutdown hook runs, the relay gets no chance to finish anything. */
  public void kill() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new AssertionError("the relay survived SIGKILL");
      }
    }
  }

  private void readLog(Process running, CompletableFuture<Void> listening) {
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(running.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        synchronized (log) {
          log.add(line);
          log.notifyAll();
        }
        if (line.contains("listening on")) {
          listening.complete(null);
        }
      }
    } catch (IOException e) {
      // the stream closes when the process is killed
    }
    listening.completeExceptionally(new AssertionError("the relay exited before listening: " + tail()));
  }

  /** The last 40 lines; a copy first, since the reader thread appends while a test builds its failure message. */
  public String tail() {
    List<String> lines = List.copyOf(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * {@code count} distinct ports, each free on this machine a moment ago: all are held open until the last is
   * picked, so that no two picks can be the same port.
   */
  public static int[] freePorts(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0);
        sockets.add(socket);
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException e) {
          // the port was only held to keep it from the other picks
        }
      }
    }
  }
}
