package dev.agentrelay.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code relay tasks get ID}: the task, then its thread of messages and its artifacts. */
@Command(name = "get", mixinStandardHelpOptions = true, description = "Show a task with its messages and artifacts.")
final class TasksGetCommand implements Callable<Integer> {

  @Mixin
  ConnectionOptions relay;

  @Parameters(paramLabel = "TASK_ID", description = "the task")
  String taskId;

  @Override
  public Integer call() {
    JsonObject task = relay.client().get("/tasks/" + RelayClient.segment(taskId)).json();
    relay.print(task, out -> print(out, task));
    return 0;
  }

  private static void print(PrintWriter out, JsonObject task) {
    Render.fields(out, task, Set.of("parts", "messages", "artifacts"));
    String content = Render.text(task.getJsonArray("parts"));
    if (!content.isEmpty()) {
      out.println();
      out.println(content);
    }
    printMessages(out, task.getJsonArray("messages"));
    printArtifacts(out, task.getJsonArray("artifacts"));
  }

  private static void printMessages(PrintWriter out, JsonArray messages) {
    if (messages == null || messages.isEmpty()) {
      return;
    }
    out.println();
    out.println("messages:");
    messages.forEach(each -> {
      JsonObject message = (JsonObject) each;
      out.println("  " + message.getString("created_at") + " " + message.getString("from_agent") + ": "
          + Render.oneLine(Render.text(message.getJsonArray("parts"))));
    });
  }

  private static void printArtifacts(PrintWriter out, JsonArray artifacts) {
    if (artifacts == null || artifacts.isEmpty()) {
      return;
    }
    out.println();
    out.println("artifacts:");
    artifacts.forEach(each -> {
      JsonObject artifact = (JsonObject) each;
      out.println("  " + artifact.getString("artifact_id") + " " + Render.orDash(artifact.getString("name")));
    });
  }
}
