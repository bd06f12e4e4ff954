package dev.agentrelay.cli;

import static dev.agentrelay.cli.RelayClient.putIfSet;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code relay send}: a task ({@code --to} and {@code --title}: {@code POST /tasks}) or a message
 * ({@code --content} and {@code --to} or {@code --task}: {@code POST /messages}).
 */
@Command(name = "send", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Send a task (--to and --title) or a message (--content, and --to or --task).",
        "A message with --task goes to the task's other party."})
final class SendCommand implements Callable<Integer> {

  @Mixin
  ConnectionOptions relay;

  @Option(names = "--to", paramLabel = "AGENT_ID", description = "the recipient")
  String to;

  @Option(names = "--task", paramLabel = "TASK_ID", description = "message: the task it belongs to")
  String taskId;

  @Option(names = "--title", paramLabel = "TEXT", description = "task: its title (makes this a task)")
  String title;

  @Option(names = "--description", paramLabel = "TEXT", description = "task: a longer description")
  String description;

  @Option(names = "--content", paramLabel = "TEXT", description = "the text (a message needs it; a task may have it)")
  String content;

  @Option(names = "--priority", paramLabel = "low|normal|high|urgent", description = "task: priority (default normal)")
  String priority;

  @Option(names = "--due-by", paramLabel = "TIME", description = "task: deadline, RFC 3339")
  String dueBy;

  @Mixin
  DeliveryTermsOptions terms = new DeliveryTermsOptions();

  @Option(names = "--idempotency-key", paramLabel = "KEY",
      description = "a retry with the same key within 24 h creates nothing new and answers the first result")
  String idempotencyKey;

  @Override
  public Integer call() {
    boolean task = title != null;
    JsonObject body = terms.into(task ? taskBody() : messageBody());
    Map<String, String> headers = idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey);
    RelayClient.Reply reply = relay.client().send("POST", task ? "/tasks" : "/messages", body, headers,
        RelayClient.TIMEOUT);
    relay.print(reply.json(), out -> print(out, task, reply));
    return 0;
  }

  private JsonObject taskBody() {
    if (to == null || taskId != null) {
      throw relay.usage("a task needs --to (and no --task); to write in an existing task, drop --title");
    }
    JsonObject body = new JsonObject().put("to_agent", to).put("title", title);
    putIfSet(body, "description", description);
    putIfSet(body, "content", content);
    putIfSet(body, "priority", priority);
    return putIfSet(body, "due_by", dueBy);
  }

  private JsonObject messageBody() {
    if (content == null || (to == null) == (taskId == null)) {
      throw relay.usage("send a task with --to and --title, or a message with --content and one of --to and --task");
    }
    if (priority != null || description != null || dueBy != null) {
      throw relay.usage("--priority, --description and --due-by are for tasks (give --title)");
    }
    JsonObject body = new JsonObject().put("content", content);
    putIfSet(body, "to_agent", to);
    return putIfSet(body, "task_id", taskId);
  }

  private void print(PrintWriter out, boolean task, RelayClient.Reply reply) {
    JsonObject sent = reply.json();
    String again = reply.replayed() ? " (already sent with this idempotency key)" : "";
    String when = scheduled(sent);
    if (task) {
      out.println(sent.getString("task_id") + " " + sent.getString("status") + " -> " + sent.getString("to_agent")
          + ": " + Render.oneLine(sent.getString("title")) + when + again);
    } else {
      String inTask = sent.getString("task_id") == null ? "" : " in " + sent.getString("task_id");
      out.println(sent.getString("message_id") + " -> " + sent.getString("to_agent") + inTask + when + again);
    }
  }

  /** A delivery without a seq waits for its deliver_at: the recipient does not have it yet. */
  private String scheduled(JsonObject sent) {
    JsonArray deliveries = sent.getJsonArray("deliveries", new JsonArray());
    boolean waiting = deliveries.stream().map(JsonObject.class::cast).anyMatch(d -> d.getValue("seq") == null);
    if (!waiting) {
      return "";
    }
    return terms.deliverAt == null ? " (scheduled)" : " (scheduled: enters the inbox at " + terms.deliverAt + ")";
  }
}
