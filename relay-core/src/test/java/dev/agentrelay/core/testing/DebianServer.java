package dev.agentrelay.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
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
    Path directory = Files.createTempDirectory("relay-test-pg-");
    UserPrincipal owner = directory.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(OS_USER);
    Files.setOwner(directory, owner);
    Path data = directory.resolve("data");
    // --no-sync only skips flushing the fresh cluster once; the running server keeps fsync on (ServerSettings)
    run(directory, "initdb", binaries.resolve("initdb").toString(), "-D", data.toString(), "-U", OS_USER,
        "-E", "UTF8", "--locale=C", "--no-sync");
    ServerSettings.writeHostBasedAuthentication(data);
    ServerSettings.appendToConfiguration(data, directory);
    for (int attempt = 1; ; attempt++) {
      DebianServer server = new DebianServer(binaries, directory, freePort());
      try {
        server.pgCtl("start", "-l", directory.resolve("server.log").toString(), "-o", "-p " + server.port);
        return server;
      } catch (IllegalStateException e) {
        // another process may have taken the free port between the check and the start
        if (attempt == START_ATTEMPTS) {
          deleteRecursively(directory);
          throw e;
        }
      }
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
      pgCtl("stop", "-m", "fast");
      deleteRecursively(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
