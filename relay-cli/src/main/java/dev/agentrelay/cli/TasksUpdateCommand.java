package dev.agentrelay.cli;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code relay tasks update ID --status S}: {@code PUT /tasks/{id}}, a move along the task lifecycle. */
@Command(name = "update", mixinStandardHelpOptions = true,
    description = {"Move a task: accepted, working, input_needed, completed, failed, rejected or cancelled.",
        "The receiver may make every legal move, the sender only cancel."})
final class TasksUpdateCommand implements Callable<Integer> {

  @Mixin
  ConnectionOptions relay;

  @Parameters(paramLabel = "TASK_ID", description = "the task")
  String taskId;

  @Option(names = "--status", required = true, paramLabel = "STATUS", description = "the new status")
  String status;

  @Option(names = "--message", paramLabel = "TEXT", description = "a note added to the task's thread")
  String message;

  @Override
  public Integer call() {
    JsonObject body = RelayClient.putIfSet(new JsonObject().put("status", status), "message", message);
    JsonObject task = relay.client().put("/tasks/" + RelayClient.segment(taskId), body).json();
    relay.print(task, out -> out.println(task.getString("task_id") + " " + task.getString("status") + ": "
        + Render.oneLine(task.getString("title"))));
    return 0;
  }
}
