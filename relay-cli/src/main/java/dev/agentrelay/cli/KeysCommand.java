package dev.agentrelay.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code relay keys}: manage API keys. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Manage API keys.",
    subcommands = {KeysRotateCommand.class})
final class KeysCommand implements Runnable {

  @Spec
  CommandSpec spec;

  /** A group alone is a usage error: exit 2 and its usage. */
  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(),
        "missing command: one of " + String.join(", ", spec.subcommands().keySet()));
  }
}
