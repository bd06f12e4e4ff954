package dev.agentrelay.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentrelay.core.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The MCP bridge's jar as a real stdio server, driven the way a CLI agent's MCP client drives it: initialize,
 * then {@code notifications/initialized}, then every line it writes handed to a listener with the
 * {@code System.nanoTime()} at which it was read. Its standard error goes to a file.
 */
final class BridgeProcess implements AutoCloseable {

  /** Called on the reader thread for each JSON-RPC message the bridge writes. */
  interface Listener {
    void message(JsonNode message, long nanos);
  }

  private final Process process;
  private final OutputStream stdin;
  private final CompletableFuture<JsonNode> initialized = new CompletableFuture<>();

  private BridgeProcess(Process process, Listener listener) {
    this.process = process;
    this.stdin = process.getOutputStream();
    Thread reader = new Thread(() -> read(listener), "bench-bridge-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts the bridge as {@code agentId} against {@code relayUrl} and completes the MCP handshake. */
  static BridgeProcess start(Path jar, String relayUrl, String agentId, String key, Path log, Listener listener)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(Machine.javaBinary(), "-jar", jar.toString())
        .redirectError(log.toFile());
    builder.environment().put("RELAY_URL", relayUrl);
    builder.environment().put("RELAY_API_KEY", key);
    builder.environment().put("AGENT_ID", agentId);
    BridgeProcess bridge = new BridgeProcess(builder.start(), listener);
    bridge.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
        + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"relay-bench\",\"version\":\"1\"}}}");
    try {
      bridge.initialized.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      bridge.close();
      throw new IOException("the bridge did not answer initialize (its log: " + log + ")", e);
    }
    bridge.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    return bridge;
  }

  /**
   * {@code explicit}, else {@code relay-mcp.jar} beside the jar this class runs from, else the build tree's
   * {@code relay-mcp/target/relay-mcp.jar}.
   */
  static Path findJar(Path explicit) {
    if (explicit != null) {
      return require(explicit);
    }
    List<Path> candidates = new ArrayList<>();
    try {
      Path here = Path.of(BridgeProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      candidates.add(here.resolveSibling("relay-mcp.jar"));
      Path module = here.getParent() == null ? null : here.getParent().getParent();
      if (module != null && module.getParent() != null) {
        candidates.add(module.getParent().resolve("relay-mcp/target/relay-mcp.jar"));
      }
    } catch (URISyntaxException | SecurityException e) {
      // no location to look beside: only --bridge-jar can name it
    }
    return candidates.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() ->
        new IllegalStateException("no MCP bridge jar found (looked at " + candidates + "); build it with"
            + " mvn -DskipTests package or pass --bridge-jar"));
  }

  private static Path require(Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("--bridge-jar " + jar + " is not a file");
    }
    return jar;
  }

  long pid() {
    return process.pid();
  }

  private void read(Listener listener) {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        long now = System.nanoTime();
        JsonNode message = Json.MAPPER.readTree(line);
        if (message.path("id").asInt(-1) == 1 && message.has("result")) {
          initialized.complete(message);
        } else {
          listener.message(message, now);
        }
      }
    } catch (IOException e) {
      initialized.completeExceptionally(e);
    }
  }

  private synchronized void send(String line) throws IOException {
    stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }

  /** Closes its standard input, which ends the bridge; kills it if it has not ended within 10 s. */
  @Override
  public void close() {
    try {
      stdin.close();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
