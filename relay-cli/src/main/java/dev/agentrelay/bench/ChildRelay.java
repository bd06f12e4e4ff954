package dev.agentrelay.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A relay in a process of its own ({@code java -cp <jar> dev.agentrelay.cli.RelayMain}, as
 * {@code java -jar agent-relay.jar} runs it), so that its resident memory is its own. Started from the jar
 * the bench runs from, else from this JVM's class path.
 */
final class ChildRelay implements AutoCloseable {

  private final Process process;
  private final int port;
  private final String adminKey;
  private final Path log;
  private final String command;

  private ChildRelay(Process process, int port, String adminKey, Path log, String command) {
    this.process = process;
    this.port = port;
    this.adminKey = adminKey;
    this.log = log;
    this.command = command;
  }

  static ChildRelay start(Path dir, Path classpath, String jvmArgs, int streamsPerAgent) throws IOException {
    Files.createDirectories(dir);
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String adminKey = "bench-admin-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    List<String> command = new ArrayList<>();
    command.add(Machine.javaBinary());
    if (jvmArgs != null && !jvmArgs.isBlank()) {
      command.addAll(List.of(jvmArgs.trim().split("\\s+")));
    }
    command.add("-cp");
    command.add(classpath(classpath));
    command.add("dev.agentrelay.cli.RelayMain");
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(k -> k.startsWith("RELAY_"));
    builder.environment().put("RELAY_HOST", "127.0.0.1");
    builder.environment().put("RELAY_PORT", Integer.toString(port));
    builder.environment().put("RELAY_DATA_DIR", dir.resolve("data").toString());
    builder.environment().put("RELAY_BOOTSTRAP_TOKEN", adminKey);
    builder.environment().put("RELAY_RATE_LIMIT", "0");
    builder.environment().put("RELAY_REQUEST_LOG", "false");
    builder.environment().put("RELAY_SSE_MAX_STREAMS_PER_AGENT", Integer.toString(Math.max(8, streamsPerAgent)));
    Path log = dir.resolve("relay.log");
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    String shown = String.join(" ", command.subList(0, command.size() - 3)) + " -cp … dev.agentrelay.cli.RelayMain";
    return new ChildRelay(builder.start(), port, adminKey, log, shown);
  }

  /** The jar this class was loaded from, or this JVM's class path (under Maven: target/classes and jars). */
  private static String classpath(Path override) {
    if (override != null) {
      return override.toString();
    }
    try {
      Path source = Path.of(ChildRelay.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isRegularFile(source) && source.toString().endsWith(".jar")) {
        return source.toString();
      }
    } catch (Exception e) {
      // fall back to the class path
    }
    return System.getProperty("java.class.path");
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  String adminKey() {
    return adminKey;
  }

  long pid() {
    return process.pid();
  }

  String command() {
    return command;
  }

  boolean alive() {
    return process.isAlive();
  }

  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** SIGTERM, then a kill if it has not stopped within 30 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
