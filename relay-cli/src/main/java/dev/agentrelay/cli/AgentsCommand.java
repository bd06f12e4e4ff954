package dev.agentrelay.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code relay agents}: register, list, inspect and remove agents. */
@Command(name = "agents", mixinStandardHelpOptions = true, description = "Register, list, inspect and remove agents.",
    subcommands = {AgentsListCommand.class, AgentsGetCommand.class, AgentsAddCommand.class, AgentsRemoveCommand.class})
final class AgentsCommand implements Runnable {

  @Spec
  CommandSpec spec;

  /** A group alone is a usage error: exit 2 and its usage. */
  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(),
        "missing command: one of " + String.join(", ", spec.subcommands().keySet()));
  }
}
