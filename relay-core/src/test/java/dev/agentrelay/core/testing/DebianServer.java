package dev.agentrelay.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * PostgreSQL from Debian's postgresql package (/usr/lib/postgresql/VERSION/bin), for builds that run as root, which
 * PostgreSQL refuses: initdb and the server run as the postgres OS user (runuser), in a fresh temporary directory.
 */
final class DebianServer implements PostgresServer {

  private static final Path INSTALLATIONS = Path.of("/usr/lib/postgresql");
  private static final String OS_USER = "postgres";
  private static final int START_ATTEMPTS = 3;
  private static final String DIRECTORY_PREFIX = "relay-test-pg-";
  private static final String OWNER_FILE = "owner.pid";

  private final Path binaries;
  private final Path directory;
  private final int port;

  private DebianServer(Path binaries, Path directory, int port) {
    this.binaries = binaries;
    this.directory = directory;
    this.port = port;
  }

  /** The bin directory of the newest installed version, if any. */
  static Optional<Path> installedBinaries() {
    if (!Files.isDirectory(INSTALLATIONS)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(INSTALLATIONS)) {
      return versions.map(version -> version.resolve("bin"))
          .filter(bin -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl")))
          .max(Comparator.comparingInt(DebianServer::majorVersion));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int majorVersion(Path bin) {
    String name = bin.getParent().getFileName().toString();
    return name.matches("\\d+") ? Integer.parseInt(name) : 0;
  }

  static DebianServer start() throws IOException, InterruptedException {
    Path binaries = installedBinaries().orElseThrow(() -> new IllegalStateException(
        "Debian's postgresql package is not installed (no " + INSTALLATIONS + "/*/bin/initdb)"));
    stopAbandonedServers(binaries);
    Path directory = Files.createTempDirectory(DIRECTORY_PREFIX);
    try {
      Files.writeString(directory.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
      Files.setOwner(directory,
          directory.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(OS_USER));
      createCluster(binaries, directory);
      return startOnFreePort(binaries, directory);
    } catch (IOException | InterruptedException | RuntimeException e) {
      deleteRecursively(directory);
      throw e;
    }
  }

  private static void createCluster(Path binaries, Path directory) throws IOException, InterruptedException {
    Path data = directory.resolve("data");
    // --no-sync only skips flushing the fresh cluster once; the running server keeps fsync on (ServerSettings)
    run(directory, "initdb", binaries.resolve("initdb").toString(), "-D", data.toString(), "-U", OS_USER,
        "-E", "UTF8", "--locale=C", "--no-sync");
    ServerSettings.writeHostBasedAuthentication(data);
    ServerSettings.appendToConfiguration(data, directory);
  }

  private static DebianServer startOnFreePort(Path binaries, Path directory)
      throws IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      DebianServer server = new DebianServer(binaries, directory, freePort());
      try {
        server.pgCtl("start", "-l", directory.resolve("server.log").toString(), "-o", "-p " + server.port);
        return server;
      } catch (IllegalStateException e) {
        // another process may have taken the free port between the check and the start
        if (attempt == START_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /**
   * Stops the servers of test JVMs that were killed before their shutdown hook ran (a build timeout, kill -9), so
   * that they do not pile up on a CI machine, and deletes their directories. Best effort: what fails stays.
   */
  private static void stopAbandonedServers(Path binaries) throws IOException, InterruptedException {
    List<Path> directories;
    try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      directories = entries.filter(entry -> entry.getFileName().toString().startsWith(DIRECTORY_PREFIX)).toList();
    }
    for (Path directory : directories) {
      try {
        if (ownerIsGone(directory)) {
          stopAndDelete(new DebianServer(binaries, directory, 0), "immediate");
        }
      } catch (IOException | IllegalStateException e) {
        System.err.println("TestPostgres: left " + directory + " as is: " + e.getMessage());
      }
    }
  }

  private static boolean ownerIsGone(Path directory) throws IOException {
    Path owner = directory.resolve(OWNER_FILE);
    // without a readable pid the directory is still being set up by its JVM
    String pid = Files.isRegularFile(owner) ? Files.readString(owner).strip() : "";
    if (!pid.matches("\\d+")) {
      return false;
    }
    return !ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
  }

  /** Stops the server if one runs in the directory (a dead one only leaves a stale pid file), deletes all. */
  private static void stopAndDelete(DebianServer server, String mode) throws IOException, InterruptedException {
    try {
      server.pgCtl("stop", "-m", mode);
    } catch (IllegalStateException e) {
      if (server.isRunning()) {
        throw e;
      }
    }
    deleteRecursively(server.directory);
  }

  private boolean isRunning() throws IOException, InterruptedException {
    try {
      pgCtl("status");
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private void pgCtl(String action, String... options) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(binaries.resolve("pg_ctl").toString(),
        "-D", directory.resolve("data").toString(), "-w", "-t", "60"));
    command.addAll(List.of(options));
    command.add(action);
    run(directory, "pg_ctl-" + action, command.toArray(String[]::new));
  }

  /** Runs a command as the postgres OS user in {@code directory}; its output goes to {@code name}.log there. */
  private static void run(Path directory, String name, String... command) throws IOException, InterruptedException {
    List<String> asPostgres = new ArrayList<>(List.of("runuser", "-u", OS_USER, "--"));
    asPostgres.addAll(List.of(command));
    Path log = directory.resolve(name + ".log");
    Process process = new ProcessBuilder(asPostgres).directory(directory.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    int status = process.waitFor();
    if (status != 0) {
      throw new IllegalStateException(String.join(" ", command) + " exited with " + status + ": "
          + lastLines(log) + lastLines(directory.resolve("server.log")));
    }
  }

  private static String lastLines(Path log) throws IOException {
    if (!Files.exists(log)) {
      return "";
    }
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size())) + "\n";
  }

  private static void deleteRecursively(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  @Override
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  @Override
  public String adminDatabase() {
    return "postgres";
  }

  @Override
  public Login admin() {
    return new Login(OS_USER, "");
  }

  @Override
  public boolean ownedByTests() {
    return true;
  }

  @Override
  public String description() {
    return "PostgreSQL " + binaries.getParent().getFileName() + " from Debian's package on 127.0.0.1:" + port;
  }

  @Override
  public void stop() {
    try {
      stopAndDelete(this, "fast");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
