package dev.agentrelay.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The runnable jar ({@code relay.jar} system property) as a real process on one data directory and port, which a
 * test can SIGKILL and start again on the same data. Start returns once the relay logs that it is listening.
 */
final class RelayProcess {

  private final Path dataDir;
  private final int port;
  private final Map<String, String> env;
  private final List<String> log = new CopyOnWriteArrayList<>();
  private Process process;

  RelayProcess(Path dataDir, Map<String, String> env) {
    this.dataDir = dataDir;
    this.port = freePort();
    this.env = env;
  }

  int port() {
    return port;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  Path database() {
    return dataDir.resolve("relay.db");
  }

  /** The output of every run so far, for failure messages. */
  List<String> log() {
    return log;
  }

  void start() throws Exception {
    List<String> command = new ArrayList<>(List.of(java(), "-jar", System.getProperty("relay.jar"), "serve"));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.startsWith("RELAY_"));
    builder.environment().put("RELAY_DATA_DIR", dataDir.toString());
    builder.environment().put("RELAY_HOST", "127.0.0.1");
    builder.environment().put("RELAY_PORT", String.valueOf(port));
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    process = builder.start();
    CompletableFuture<Void> listening = new CompletableFuture<>();
    Process started = process;
    Thread reader = new Thread(() -> readLog(started, listening), "relay-log");
    reader.setDaemon(true);
    reader.start();
    listening.get(90, TimeUnit.SECONDS);
  }

  /** SIGKILL on Linux: no shutdown hook runs, the relay gets no chance to finish anything. */
  void kill() throws InterruptedException {
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
        log.add(line);
        if (line.contains("listening on")) {
          listening.complete(null);
        }
      }
    } catch (IOException e) {
      // the stream closes when the process is killed
    }
    listening.completeExceptionally(new AssertionError("the relay exited before listening: " + tail()));
  }

  String tail() {
    return String.join("\n", log.subList(Math.max(0, log.size() - 40), log.size()));
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
