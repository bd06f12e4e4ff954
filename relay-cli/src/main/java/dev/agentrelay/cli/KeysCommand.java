package dev.agentrelay.cli;

import picocli.CommandLine.Command;

/** {@code relay keys}: manage API keys. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Manage API keys.",
    subcommands = {KeysRotateCommand.class})
final class KeysCommand extends CommandGroup {
}
