package dev.agentrelay.cli;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code relay tasks list}: {@code GET /tasks}, newest first, one page. */
@Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"List tasks, newest first (tiers 2-3 see only their own).",
        "Prints the --cursor for the next page when there is one."})
final class TasksListCommand implements Callable<Integer> {

  @Mixin
  ConnectionOptions relay;

  @Option(names = "--to", paramLabel = "AGENT_ID", description = "addressed to")
  String to;

  @Option(names = "--from", paramLabel = "AGENT_ID", description = "sent by")
  String from;

  @Option(names = "--status", paramLabel = "STATUS", description = "e.g. submitted, working, completed")
  String status;

  @Option(names = "--since", paramLabel = "TIME", description = "updated at or after (RFC 3339)")
  String since;

  @Option(names = "--limit", paramLabel = "N", description = "page size (default 50, at most 200)")
  Integer limit;

  @Option(names = "--cursor", paramLabel = "CURSOR", description = "the next page, from the previous answer")
  String cursor;

  @Override
  public Integer call() {
    Map<String, Object> params = RelayClient.params();
    params.put("to", to);
    params.put("from", from);
    params.put("status", status);
    params.put("since", since);
    params.put("limit", limit);
    params.put("cursor", cursor);
    JsonObject page = relay.client().get("/tasks" + RelayClient.query(params)).json();
    relay.print(page, out -> print(out, page));
    return 0;
  }

  private static void print(PrintWriter out, JsonObject page) {
    Table table = new Table("TASK", "STATUS", "PRIORITY", "FROM", "TO", "UPDATED", "TITLE");
    page.getJsonArray("tasks").forEach(each -> {
      JsonObject task = (JsonObject) each;
      table.row(task.getString("task_id"), task.getString("status"), task.getString("priority"),
          task.getString("from_agent"), task.getString("to_agent"), task.getString("updated_at"),
          Render.oneLine(task.getString("title")));
    });
    table.print(out);
    if (page.getString("next_cursor") != null) {
      out.println("more: --cursor " + page.getString("next_cursor"));
    }
  }
}
