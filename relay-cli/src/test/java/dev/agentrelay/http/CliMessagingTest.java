package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code send}, {@code tasks} and {@code inbox} against a real relay. */
@ExtendWith(VertxExtension.class)
class CliMessagingTest {

  private static final String ADMIN = TestRelay.ADMIN_KEY;
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path dir;
  TestRelay relay;
  Api api;
  Cli cli;
  String worker;

  @BeforeEach
  void start(Vertx vertx) {
    relay = TestRelay.start(vertx, dir);
    api = relay.api();
    cli = Cli.of(relay);
    worker = api.register("worker", 2);
  }

  @AfterEach
  void stop() {
    relay.stop();
  }

  @Test
  void sendWithATitleCreatesATaskAndAnIdempotencyKeyMakesRetriesHarmless() {
    Cli.Run first = cli.as(ADMIN, "send", "--to", "worker", "--title", "Summarise the logs", "--content", "last 24 h",
        "--priority", "high", "--idempotency-key", "7f1c2a");
    assertThat(first.exit()).as(first.toString()).isZero();
    assertThat(first.out()).matches("task_\\S+ submitted -> worker: Summarise the logs\\R");
    String taskId = first.out().split(" ")[0];

    Cli.Run retry = cli.as(ADMIN, "send", "--to", "worker", "--title", "Summarise the logs", "--content", "last 24 h",
        "--priority", "high", "--idempotency-key", "7f1c2a");
    assertThat(retry.out()).startsWith(taskId).contains("already sent with this idempotency key");

    JsonObject task = cli.as(ADMIN, "tasks", "get", taskId, "--json").json();
    assertThat(task.getString("priority")).isEqualTo("high");
    assertThat(task.getJsonArray("parts").getJsonObject(0).getString("text")).isEqualTo("last 24 h");
    assertThat(api.inbox(worker).getJsonArray("items")).hasSize(1);
  }

  @Test
  void sendWithContentSendsADirectMessageOrOneInATask() {
    JsonObject direct = cli.as(ADMIN, "send", "--to", "worker", "--content", "hello", "--json").json();
    assertThat(direct.getString("message_id")).startsWith("msg_");
    assertThat(direct.getString("to_agent")).isEqualTo("worker");
    assertThat(direct.getValue("task_id")).isNull();

    String taskId = api.createTask(ADMIN, "worker", "thread");
    Cli.Run reply = cli.as(worker, "send", "--task", taskId, "--content", "a question");
    assertThat(reply.exit()).as(reply.toString()).isZero();
    assertThat(reply.out()).matches("msg_\\S+ -> admin in " + taskId + "\\R");
  }

  @Test
  void sendRefusesIncompleteOrMixedOptionsAndReportsRelayRefusals() {
    assertThat(cli.as(ADMIN, "send", "--to", "worker").exit()).isEqualTo(2);
    assertThat(cli.as(ADMIN, "send", "--title", "no recipient").exit()).isEqualTo(2);
    assertThat(cli.as(ADMIN, "send", "--to", "worker", "--task", "task_x", "--content", "both").exit()).isEqualTo(2);
    assertThat(cli.as(ADMIN, "send", "--to", "worker", "--content", "hi", "--priority", "high").exit()).isEqualTo(2);

    Cli.Run unknown = cli.as(ADMIN, "send", "--to", "nobody", "--title", "lost");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).contains("404", "agent_not_found");
    Cli.Run badPriority = cli.as(ADMIN, "send", "--to", "worker", "--title", "t", "--priority", "asap", "--json");
    assertThat(badPriority.exit()).isEqualTo(1);
    assertThat(new JsonObject(badPriority.err().strip()).getInteger("status")).isEqualTo(422);
  }

  @Test
  void tasksListFiltersAndPagesWithTheCursorItPrints() {
    api.createTask(ADMIN, "worker", "first");
    String second = api.createTask(ADMIN, "worker", "second");
    api.register("other", 2);
    api.createTask(ADMIN, "other", "elsewhere");

    Cli.Run page = cli.as(ADMIN, "tasks", "list", "--to", "worker", "--limit", "1");
    assertThat(page.exit()).as(page.toString()).isZero();
    assertThat(page.lines().get(0)).startsWith("TASK").contains("STATUS", "TITLE");
    assertThat(page.lines().get(1)).startsWith(second).contains("submitted", "normal", "admin", "worker", "second");
    String cursorLine = page.lines().get(2);
    assertThat(cursorLine).startsWith("more: --cursor ");

    JsonObject next = cli.as(ADMIN, "tasks", "list", "--to", "worker", "--limit", "1", "--cursor",
        cursorLine.substring("more: --cursor ".length()), "--json").json();
    assertThat(next.getJsonArray("tasks")).hasSize(1);
    assertThat(next.getJsonArray("tasks").getJsonObject(0).getString("title")).isEqualTo("first");

    JsonObject mine = cli.as(worker, "tasks", "list", "--status", "submitted", "--json").json();
    assertThat(mine.getJsonArray("tasks")).hasSize(2);
  }

  @Test
  void tasksGetShowsTheTaskItsThreadAndItsArtifacts() {
    String taskId = api.createTask(ADMIN, "worker", "Write the report");
    api.post("/api/v1/messages", worker, new JsonObject().put("task_id", taskId).put("content", "which format?"));
    api.post("/api/v1/tasks/" + taskId + "/artifacts", worker,
        new JsonObject().put("name", "report.md").put("content", "# Report"));

    Cli.Run text = cli.as(ADMIN, "tasks", "get", taskId);
    assertThat(text.exit()).as(text.toString()).isZero();
    assertThat(text.out()).containsPattern("title\\s+Write the report").containsPattern("status\\s+submitted")
        .contains("messages:", "worker: which format?", "artifacts:", "report.md");

    JsonObject json = cli.as(ADMIN, "tasks", "get", taskId, "--json").json();
    assertThat(json.getJsonArray("messages")).hasSize(1);
    assertThat(json.getJsonArray("artifacts")).hasSize(1);
  }

  @Test
  void tasksUpdateMovesTheTaskAndAnIllegalMoveExitsOne() {
    String taskId = api.createTask(ADMIN, "worker", "Move me");

    Cli.Run working = cli.as(worker, "tasks", "update", taskId, "--status", "working", "--message", "on it");
    assertThat(working.exit()).as(working.toString()).isZero();
    assertThat(working.out()).isEqualTo(taskId + " working: Move me" + System.lineSeparator());
    JsonObject done = cli.as(worker, "tasks", "update", taskId, "--status", "completed", "--json").json();
    assertThat(done.getString("status")).isEqualTo("completed");

    Cli.Run illegal = cli.as(worker, "tasks", "update", taskId, "--status", "working");
    assertThat(illegal.exit()).isEqualTo(1);
    assertThat(illegal.err()).contains("409", "invalid_transition");
    assertThat(api.get("/api/v1/tasks/" + taskId, ADMIN).json().getJsonArray("messages").getJsonObject(0)
        .getJsonArray("parts").getJsonObject(0).getString("text")).isEqualTo("on it");
  }

  @Test
  void inboxPrintsOneLinePerItemAndAckAcknowledgesWhatItPrinted() {
    String taskId = api.createTask(ADMIN, "worker", "Summarise the logs");
    api.post("/api/v1/messages", ADMIN, new JsonObject().put("to_agent", "worker").put("content", "two\nlines"));

    Cli.Run read = cli.as(worker, "inbox", "--ack");
    assertThat(read.exit()).as(read.toString()).isZero();
    List<String> lines = read.lines();
    assertThat(lines.get(0)).matches("#\\d+ task\\.created " + taskId + " from admin: Summarise the logs \\(normal\\)");
    assertThat(lines.get(1)).matches("#\\d+ message\\.new from admin: two lines");
    assertThat(lines.get(2)).isEqualTo("2 shown, 2 pending");
    assertThat(lines.get(3)).isEqualTo("acknowledged 2");

    assertThat(api.inbox(worker).getJsonArray("items")).isEmpty();
    assertThat(cli.as(worker, "inbox").out()).isEqualTo("inbox empty" + System.lineSeparator());
  }

  @Test
  void inboxJsonIsTheRelaysPageAndFilteredAckLeavesWhatWasNotPrinted() {
    String otherKey = api.register("other", 2);
    api.post("/api/v1/messages", ADMIN, new JsonObject().put("to_agent", "worker").put("content", "from admin"));
    api.post("/api/v1/messages", otherKey, new JsonObject().put("to_agent", "worker").put("content", "from other"));

    JsonObject page = cli.as(worker, "inbox", "--from", "other", "--ack", "--json").json();
    assertThat(page.getJsonArray("items")).hasSize(1);
    assertThat(page.getJsonArray("items").getJsonObject(0).getString("from_agent")).isEqualTo("other");
    assertThat(page.getInteger("pending")).isEqualTo(2);

    JsonArray left = api.inbox(worker).getJsonArray("items");
    assertThat(left).hasSize(1);
    assertThat(left.getJsonObject(0).getString("from_agent")).isEqualTo("admin");
  }

  @Test
  void inboxWaitReturnsAsSoonAsAnItemArrives() {
    Cli.Running waiting = cli.start(worker, "inbox", "--wait", "30", "--json");
    awaitLongPollWaiters(1);

    api.createTask(ADMIN, "worker", "wake up");

    assertThat(waiting.awaitExit(WAIT)).isZero();
    JsonObject page = new JsonObject(waiting.awaitLine(WAIT));
    assertThat(page.getJsonArray("items").getJsonObject(0).getJsonObject("task").getString("title"))
        .isEqualTo("wake up");
  }

  @Test
  void tier1ReadsAndAcksAnotherAgentsInbox() {
    api.createTask(ADMIN, "worker", "for worker");

    Cli.Run read = cli.as(ADMIN, "inbox", "--agent", "worker", "--ack");
    assertThat(read.exit()).as(read.toString()).isZero();
    assertThat(read.out()).contains("for worker", "acknowledged 1");
    assertThat(api.inbox(worker).getJsonArray("items")).isEmpty();

    assertThat(cli.as(worker, "inbox", "--agent", "admin").err()).contains("403");
  }

  /** Polls the relay's own counter (bounded), so the item is sent only once the long-poll waits. */
  private void awaitLongPollWaiters(int expected) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (api.get("/api/v1/stats", ADMIN).json().getInteger("long_poll_waiters") != expected) {
      assertThat(System.nanoTime()).as("long-poll waiters never reached " + expected).isLessThan(deadline);
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }
}
