package dev.agentrelay.cli;

import picocli.CommandLine.Command;

/** {@code relay agents}: register, list, inspect and remove agents. */
@Command(name = "agents", mixinStandardHelpOptions = true, description = "Register, list, inspect and remove agents.",
    subcommands = {AgentsListCommand.class, AgentsGetCommand.class, AgentsAddCommand.class, AgentsRemoveCommand.class})
final class AgentsCommand extends CommandGroup {
}
