package dev.agentrelay.cli;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options every client command shares: where the relay is, which key to use, and whether to print
 * JSON. Unset options fall back to RELAY_URL, RELAY_API_KEY and RELAY_API_KEY_FILE (the MCP bridge's names).
 */
final class ConnectionOptions {

  static final String DEFAULT_URL = "http://localhost:8400";

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(names = "--url", paramLabel = "URL", order = 100,
      description = "the relay (env RELAY_URL, default " + DEFAULT_URL + ")")
  String url;

  @Option(names = "--key", paramLabel = "KEY", order = 101,
      description = "API key (env RELAY_API_KEY); --key-file keeps it out of the process list")
  String key;

  @Option(names = "--key-file", paramLabel = "FILE", order = 102,
      description = "file holding the API key (env RELAY_API_KEY_FILE)")
  Path keyFile;

  @Option(names = "--json", order = 103, description = "print the relay's JSON, one document per line")
  boolean json;

  /** A client that authenticates; no key is a usage error. */
  RelayClient client() {
    String apiKey = apiKey();
    if (apiKey == null) {
      throw usage("no API key: pass --key or --key-file, or set RELAY_API_KEY or RELAY_API_KEY_FILE");
    }
    return new RelayClient(baseUrl(), apiKey);
  }

  /** A client that sends a key only when one is given (GET /health needs none). */
  RelayClient optionalKeyClient() {
    return new RelayClient(baseUrl(), apiKey());
  }

  boolean json() {
    return json;
  }

  PrintWriter out() {
    return command.commandLine().getOut();
  }

  PrintWriter err() {
    return command.commandLine().getErr();
  }

  /** Prints {@code document} as one line of JSON. */
  private void printJson(JsonObject document) {
    out().println(document.encode());
    out().flush();
  }

  /** Prints {@code answer} as one line of JSON with --json; else {@code asText} writes it for a reader. */
  void print(JsonObject answer, Consumer<PrintWriter> asText) {
    if (json) {
      printJson(answer);
      return;
    }
    PrintWriter out = out();
    asText.accept(out);
    out.flush();
  }

  ParameterException usage(String message) {
    return new ParameterException(command.commandLine(), message);
  }

  private Map<String, String> env() {
    return ((RelayCli) command.root().userObject()).env();
  }

  private String baseUrl() {
    String text = url != null ? url : env().getOrDefault("RELAY_URL", DEFAULT_URL);
    String trimmed = text.strip().replaceAll("/+$", "");
    if (trimmed.endsWith(RelayClient.API)) {
      trimmed = trimmed.substring(0, trimmed.length() - RelayClient.API.length()); // a pasted API base works too
    }
    try {
      URI uri = URI.create(trimmed);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
        return trimmed;
      }
    } catch (IllegalArgumentException e) {
      // refused below
    }
    throw usage("--url must be an http:// or https:// address such as " + DEFAULT_URL + " (got '" + text + "')");
  }

  private String apiKey() {
    if (key != null && keyFile != null) {
      throw usage("give --key or --key-file, not both");
    }
    if (key != null) {
      return nonBlank(key, "--key");
    }
    if (keyFile != null) {
      return readKey(keyFile, "--key-file");
    }
    String fromEnv = env().get("RELAY_API_KEY");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv.strip();
    }
    String fileFromEnv = env().get("RELAY_API_KEY_FILE");
    return fileFromEnv == null || fileFromEnv.isBlank() ? null : readKey(Path.of(fileFromEnv), "RELAY_API_KEY_FILE");
  }

  private String readKey(Path file, String source) {
    try {
      return nonBlank(Files.readString(file, StandardCharsets.UTF_8), source + " " + file);
    } catch (IOException e) {
      String why = e instanceof NoSuchFileException ? "no such file"
          : e instanceof AccessDeniedException ? "permission denied" : RelayClient.describe(e);
      throw usage("cannot read the key file " + file + " (" + source + "): " + why);
    }
  }

  private String nonBlank(String value, String source) {
    if (value.isBlank()) {
      throw usage(source + " holds no key");
    }
    return value.strip();
  }
}
