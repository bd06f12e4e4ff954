package dev.agentrelay.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code relay tasks}: list, inspect and move tasks. */
@Command(name = "tasks", mixinStandardHelpOptions = true, description = "List, inspect and move tasks.",
    subcommands = {TasksListCommand.class, TasksGetCommand.class, TasksUpdateCommand.class})
final class TasksCommand implements Runnable {

  @Spec
  CommandSpec spec;

  /** A group alone is a usage error: exit 2 and its usage. */
  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(),
        "missing command: one of " + String.join(", ", spec.subcommands().keySet()));
  }
}
