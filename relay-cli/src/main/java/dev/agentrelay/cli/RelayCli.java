package dev.agentrelay.cli;

import dev.agentrelay.core.RelayVersion;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code relay}: the jar's command line. Without a command it serves, like {@code relay serve}; the other
 * commands talk to a running relay over its HTTP API. Exit codes: 0 ok, 1 the relay answered an error (or
 * could not be reached), 2 usage.
 */
@Command(name = "relay", mixinStandardHelpOptions = true, versionProvider = RelayCli.Version.class,
    description = "Agent Relay: a durable message relay for AI agents. Without a command: serve.",
    footer = {"", "Exit codes: 0 ok, 1 the relay answered an error (its problem detail goes to stderr)"
        + " or could not be reached, 2 usage."},
    subcommands = {ServeCommand.class, AgentsCommand.class, KeysCommand.class, SendCommand.class, TasksCommand.class,
        InboxCommand.class, TailCommand.class, HealthCommand.class, StatsCommand.class, BenchCommand.class,
        BackupCommand.class,
        CommandLine.HelpCommand.class})
public final class RelayCli implements Callable<Integer> {

  /** Exit status when the relay answered an error or could not be reached. */
  public static final int ERROR = 1;

  private final Map<String, String> env;
  private volatile boolean serving;

  @Spec
  CommandSpec spec;

  private RelayCli(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /**
   * The command line over {@code env} (the process environment, or a test's map): it holds RELAY_URL,
   * RELAY_API_KEY, RELAY_API_KEY_FILE for the client commands and the RELAY_* server settings for serve.
   */
  public static CommandLine commandLine(Map<String, String> env) {
    CommandLine commandLine = new CommandLine(new RelayCli(env));
    commandLine.setExecutionExceptionHandler(RelayCli::onFailure);
    return commandLine;
  }

  /** Whether this command line started a server that is still running (the JVM must then stay up). */
  public boolean serving() {
    return serving;
  }

  Map<String, String> env() {
    return env;
  }

  void startedServing() {
    serving = true;
  }

  /** No command: serve, as {@code java -jar agent-relay.jar} always has. */
  @Override
  public Integer call() {
    return ServeCommand.serve(this, spec.commandLine().getErr());
  }

  /** A relay problem or an unreachable relay: one line on stderr (the problem JSON with --json), exit 1. */
  private static int onFailure(Exception e, CommandLine command, ParseResult parsed) throws Exception {
    PrintWriter err = command.getErr();
    if (e instanceof RelayProblem problem) {
      err.println(wantsJson(command) ? problem.problem().encode() : "relay: " + problem.getMessage());
    } else if (e instanceof CliFailure failure) {
      err.println("relay: " + failure.getMessage());
    } else {
      throw e;
    }
    err.flush();
    return ERROR;
  }

  private static boolean wantsJson(CommandLine command) {
    ParseResult parsed = command.getParseResult();
    return parsed != null && parsed.hasMatchedOption("--json");
  }

  /** {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"agent-relay " + RelayVersion.VERSION};
    }
  }
}
