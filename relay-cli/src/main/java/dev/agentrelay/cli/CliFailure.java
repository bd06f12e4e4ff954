package dev.agentrelay.cli;

/** The command could not get an answer from the relay (unreachable, timed out, an unreadable answer): exit 1. */
final class CliFailure extends RuntimeException {

  CliFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
