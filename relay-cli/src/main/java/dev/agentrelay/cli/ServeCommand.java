package dev.agentrelay.cli;

import dev.agentrelay.core.config.RelayConfig;
import dev.agentrelay.http.ops.LogSetup;
import dev.agentrelay.http.ops.RelayRegistry;
import dev.agentrelay.server.RelayServer;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code relay serve}: starts the relay configured by the RELAY_* environment; stops on SIGTERM. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Start the relay (what the jar does without a command).",
        "Configured by the RELAY_* environment variables (see docs/CONFIGURATION.md); stops on SIGTERM after finishing"
            + " the writes in flight."})
final class ServeCommand implements Callable<Integer> {

  private static final Logger LOG = Logger.getLogger(ServeCommand.class.getName());

  @ParentCommand
  RelayCli cli;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    return serve(cli, spec.commandLine().getErr());
  }

  /** Starts the relay and returns once it answers HTTP: 0, or 2 for bad settings, 1 when it cannot start. */
  static int serve(RelayCli cli, PrintWriter err) {
    RelayConfig config;
    try {
      config = RelayConfig.from(cli.env());
    } catch (IllegalArgumentException e) {
      err.println("agent-relay: " + e.getMessage());
      err.flush();
      return 2;
    }
    LogSetup.configure(config.logFormat());
    RelayServer server;
    try {
      server = RelayServer.launch(config, RelayRegistry.forNode(config.cluster().nodeId()))
          .await(2, TimeUnit.MINUTES);
    } catch (Exception e) {
      LOG.log(Level.SEVERE, "the relay could not start: " + e.getMessage(), e);
      return RelayCli.ERROR;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server), "relay-shutdown"));
    cli.startedServing();
    return 0;
  }

  private static void stop(RelayServer server) {
    LOG.info("stopping: finishing writes in flight");
    try {
      server.stop().await(30, TimeUnit.SECONDS);
      server.vertx().close().await(10, TimeUnit.SECONDS);
      LOG.info("stopped");
    } catch (Exception e) {
      LOG.log(Level.SEVERE, "unclean stop", e);
    }
  }
}
