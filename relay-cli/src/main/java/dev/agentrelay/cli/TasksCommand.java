package dev.agentrelay.cli;

import picocli.CommandLine.Command;

/** {@code relay tasks}: list, inspect and move tasks. */
@Command(name = "tasks", mixinStandardHelpOptions = true, description = "List, inspect and move tasks.",
    subcommands = {TasksListCommand.class, TasksGetCommand.class, TasksUpdateCommand.class})
final class TasksCommand extends CommandGroup {
}
