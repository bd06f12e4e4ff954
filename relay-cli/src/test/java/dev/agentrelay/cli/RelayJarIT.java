package dev.agentrelay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar, as a user starts it: a real process, real HTTP, SIGTERM, a restart on the same file
 * ({@code serve} said explicitly), and the command line's exit statuses from a real JVM.
 */
class RelayJarIT {

  @TempDir
  Path dir;
  Process process;
  Thread logReader;
  final List<String> log = new CopyOnWriteArrayList<>();
  final HttpClient http = HttpClient.newHttpClient();
  int port;

  @AfterEach
  void kill() {
    if (process != null) {
      process.destroyForcibly();
    }
  }

  @Test
  void startsServesStopsOnSigtermKeepsItsDataAcrossARestartAndAnswersTheCommandLine() throws Exception {
    port = freePort();
    start();
    String admin = Files.readString(dir.resolve("data/admin.key")).trim();
    assertThat(get("/api/v1/health", null).statusCode()).isEqualTo(200);

    HttpResponse<String> registered = post("/api/v1/agents", admin, "{\"agent_id\":\"worker\",\"trust_tier\":2}");
    assertThat(registered.statusCode()).isEqualTo(201);
    HttpResponse<String> task = post("/api/v1/tasks", admin, "{\"to_agent\":\"worker\",\"title\":\"survive\"}");
    assertThat(task.statusCode()).isEqualTo(201);

    process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close the output we still read
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    logReader.join(10_000);
    assertThat(process.exitValue()).as("exit status after SIGTERM, log: %s", log).isEqualTo(143);
    assertThat(log).anyMatch(line -> line.contains("stopped"));
    assertThat(log).noneMatch(line -> line.contains(admin));

    start("serve");
    HttpResponse<String> tasks = get("/api/v1/tasks", admin);
    assertThat(tasks.body()).contains("survive");
    commandLineExitsZeroOneOrTwo();
  }

  private void commandLineExitsZeroOneOrTwo() throws Exception {
    String url = "http://127.0.0.1:" + port;
    String keyFile = dir.resolve("data/admin.key").toString();
    Finished ok = run("tasks", "list", "--json", "--url", url, "--key-file", keyFile);
    assertThat(ok.exit()).as(ok.toString()).isZero();
    assertThat(ok.out()).contains("survive");

    Finished refused = run("agents", "get", "nobody", "--url", url, "--key-file", keyFile);
    assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
    assertThat(refused.err()).contains("agent_not_found");

    Finished usage = run("agents", "add", "--url", url, "--key-file", keyFile);
    assertThat(usage.exit()).as(usage.toString()).isEqualTo(2);
    assertThat(usage.err()).contains("--id");
  }

  record Finished(int exit, String out, String err) {
  }

  private Finished run(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(java(), "-jar", System.getProperty("relay.jar")));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.startsWith("RELAY_"));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process cli = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(cli.waitFor(60, TimeUnit.SECONDS)).as("relay %s ended", command).isTrue();
    return new Finished(cli.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private void start(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(java(), "-jar", System.getProperty("relay.jar")));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("RELAY_DATA_DIR", dir.resolve("data").toString());
    builder.environment().put("RELAY_HOST", "127.0.0.1");
    builder.environment().put("RELAY_PORT", String.valueOf(port));
    builder.environment().remove("RELAY_BOOTSTRAP_TOKEN");
    builder.redirectErrorStream(true);
    process = builder.start();
    CompletableFuture<Void> listening = new CompletableFuture<>();
    logReader = new Thread(() -> readLog(listening), "relay-log");
    logReader.setDaemon(true);
    logReader.start();
    listening.get(60, TimeUnit.SECONDS);
  }

  private void readLog(CompletableFuture<Void> listening) {
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        log.add(line);
        if (line.contains("listening on")) {
          listening.complete(null);
        }
      }
      listening.completeExceptionally(new AssertionError("the relay exited: " + log));
    } catch (IOException e) {
      listening.completeExceptionally(e);
    }
  }

  private HttpResponse<String> get(String path, String key) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String key, String json) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + key)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
