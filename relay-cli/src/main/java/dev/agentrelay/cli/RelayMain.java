package dev.agentrelay.cli;

import dev.agentrelay.http.ops.RelayLogManager;

/**
 * {@code java -jar agent-relay.jar [command]}: without a command (or with {@code serve}) starts the relay
 * configured by the environment and stops on SIGTERM; the other commands talk to a running relay.
 */
public final class RelayMain {

  static {
    // before any logger exists: the relay's LogManager keeps the shutdown log lines (see RelayLogManager)
    System.setProperty("java.util.logging.manager", RelayLogManager.class.getName());
  }

  private RelayMain() {
  }

  public static void main(String[] args) {
    picocli.CommandLine commandLine = RelayCli.commandLine(System.getenv());
    int exit = commandLine.execute(args);
    RelayCli cli = commandLine.getCommand();
    if (!cli.serving()) {
      System.exit(exit); // a running server keeps the JVM up on its own threads until SIGTERM
    }
  }
}
