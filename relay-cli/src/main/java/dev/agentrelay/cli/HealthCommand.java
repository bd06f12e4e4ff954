package dev.agentrelay.cli;

import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code relay health}: {@code GET /health}, which needs no key; a degraded relay (503) exits 1. */
@Command(name = "health", mixinStandardHelpOptions = true,
    description = {"Check that the relay is up and its store takes writes (no key needed).",
        "Exits 1 when it is unreachable or degraded."})
final class HealthCommand implements Callable<Integer> {

  @Mixin
  ConnectionOptions relay;

  @Override
  public Integer call() {
    JsonObject health = relay.optionalKeyClient().get("/health").json();
    relay.print(health, out -> Render.fields(out, health, Set.of()));
    return 0;
  }
}
