package dev.agentrelay.http;

import dev.agentrelay.cli.RelayCli;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * The {@code relay} command line run in-process, as a shell would run it: arguments in, exit status and
 * what it printed on stdout and stderr out. {@link #as} adds {@code --url} (the relay's current port) and
 * {@code --key}; {@link #run} passes the arguments untouched.
 */
final class Cli {

  private final Supplier<String> url;
  private final Map<String, String> env;

  private Cli(Supplier<String> url, Map<String, String> env) {
    this.url = url;
    this.env = env;
  }

  /** Talks to {@code relay}, following it to its new port after a restart. */
  static Cli of(TestRelay relay) {
    return new Cli(() -> "http://127.0.0.1:" + relay.port(), Map.of());
  }

  /** Talks to whatever listens at {@code url}. */
  static Cli at(String url) {
    return new Cli(() -> url, Map.of());
  }

  /** The same with these environment variables. */
  Cli withEnv(Map<String, String> variables) {
    Map<String, String> merged = new HashMap<>(env);
    merged.putAll(variables);
    return new Cli(url, merged);
  }

  String url() {
    return url.get();
  }

  /** A finished command. */
  record Run(int exit, String out, String err) {

    JsonObject json() {
      return new JsonObject(out.strip());
    }

    List<String> lines() {
      return out.isEmpty() ? List.of() : Arrays.asList(out.split("\\R"));
    }

    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  /** Runs {@code args} against this relay with {@code key}. */
  Run as(String key, String... args) {
    return run(withConnection(key, args));
  }

  /** Starts a long-running command (tail, inbox --wait) on its own thread. */
  Running start(String key, String... args) {
    Running running = new Running();
    String[] full = withConnection(key, args);
    CommandLine commandLine = commandLine(new PrintWriter(running.out, true), new PrintWriter(running.err, true));
    Thread thread = new Thread(() -> running.exit.complete(commandLine.execute(full)), "cli-" + args[0]);
    thread.setDaemon(true);
    thread.start();
    return running;
  }

  private String[] withConnection(String key, String... args) {
    List<String> full = new ArrayList<>(Arrays.asList(args));
    full.addAll(List.of("--url", url.get(), "--key", key));
    return full.toArray(String[]::new);
  }

  private CommandLine commandLine(PrintWriter out, PrintWriter err) {
    return RelayCli.commandLine(env).setOut(out).setErr(err);
  }

  /** A command still running: its output line by line as it comes, and its exit status. */
  static final class Running {

    private final LineQueue out = new LineQueue();
    private final LineQueue err = new LineQueue();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    /** The next stdout line, failing if none comes within {@code timeout}. */
    String awaitLine(Duration timeout) {
      return out.await(timeout, "stdout");
    }

    String awaitErrLine(Duration timeout) {
      return err.await(timeout, "stderr");
    }

    int awaitExit(Duration timeout) {
      try {
        return exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        throw new AssertionError("the command did not end within " + timeout + "; stderr: " + err.all(), e);
      }
    }

    List<String> errLines() {
      return err.all();
    }
  }

  /** A Writer whose complete lines can be awaited one by one. */
  private static final class LineQueue extends Writer {

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> all = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();

    @Override
    public synchronized void write(char[] buffer, int offset, int length) {
      for (int i = offset; i < offset + length; i++) {
        char c = buffer[i];
        if (c == '\n') {
          String line = partial.toString().replace("\r", "");
          partial.setLength(0);
          all.add(line);
          lines.add(line);
        } else {
          partial.append(c);
        }
      }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    String await(Duration timeout, String stream) {
      try {
        String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
          throw new AssertionError("no line on " + stream + " within " + timeout + "; so far: " + all);
        }
        return line;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }

    List<String> all() {
      return List.copyOf(all);
    }
  }
}
