package dev.agentrelay.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A command that only groups subcommands ({@code relay agents}, {@code relay tasks}, {@code relay keys}). */
abstract class CommandGroup implements Runnable {

  @Spec
  CommandSpec spec;

  /** A group alone is a usage error: exit 2 and its usage. */
  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(),
        "missing command: one of " + String.join(", ", spec.subcommands().keySet()));
  }
}
