package dev.agentrelay.cli;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code relay stats}: {@code GET /stats}, the relay's counters. */
@Command(name = "stats", mixinStandardHelpOptions = true,
    description = "Show the relay's counters: agents, tasks by status, messages, deliveries, webhooks, streams.")
final class StatsCommand implements Callable<Integer> {

  @Mixin
  ConnectionOptions relay;

  @Override
  public Integer call() {
    JsonObject stats = relay.client().get("/stats").json();
    relay.print(stats, out -> print(out, stats));
    return 0;
  }

  private static void print(PrintWriter out, JsonObject stats) {
    JsonObject agents = stats.getJsonObject("agents");
    JsonObject tasks = stats.getJsonObject("tasks");
    JsonObject deliveries = stats.getJsonObject("deliveries");
    JsonObject webhooks = stats.getJsonObject("webhooks");
    out.println("agents      " + agents.getValue("total") + " (" + agents.getValue("online") + " online)");
    out.println("tasks       " + (tasks.isEmpty() ? "none" : tasks.fieldNames().stream()
        .map(status -> status + " " + tasks.getValue(status)).collect(Collectors.joining(", "))));
    out.println("messages    " + stats.getValue("messages"));
    out.println("deliveries  " + deliveries.getValue("pending") + " pending, " + deliveries.getValue("acked")
        + " acked");
    out.println("webhooks    " + webhooks.getValue("attempts") + " attempts, " + webhooks.getValue("succeeded")
        + " succeeded, " + webhooks.getValue("failed") + " failed, " + webhooks.getValue("disabled") + " disabled");
    out.println("streams     " + stats.getValue("sse_subscribers") + " SSE, " + stats.getValue("long_poll_waiters")
        + " long-poll");
  }
}
