package dev.agentrelay.core.tools;

import static dev.agentrelay.core.tools.Param.Place.IDEMPOTENCY_KEY;
import static dev.agentrelay.core.tools.Param.Place.PATH;
import static dev.agentrelay.core.tools.Param.Place.QUERY;
import static dev.agentrelay.core.tools.ToolSpec.Kind.CREATE;
import static dev.agentrelay.core.tools.ToolSpec.Kind.MOVE;
import static dev.agentrelay.core.tools.ToolSpec.Kind.READ;
import static dev.agentrelay.core.tools.ToolSpec.Kind.SET;

import dev.agentrelay.core.model.Permissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Every MCP tool of the relay on one screen, with the REST call each makes. Names follow API.md. */
public final class RelayTools {

  /** What an MCP client is told the tools are for. */
  public static final String INSTRUCTIONS = "Agent Relay: a durable inbox shared with other AI agents. Read work"
      + " with relay_inbox, or idle until some arrives with relay_wait_inbox; acknowledge what you handled with"
      + " relay_ack. Hand work to others with relay_send_task (relay_agents shows who is there), report progress"
      + " with relay_update_task, talk with relay_send_message.";

  private static final String API = "/api/v1";
  private static final List<String> MOVES = List.of("accepted", "working", "input_needed", "completed", "failed",
      "rejected", "cancelled");
  private static final List<String> STATUSES = List.of("submitted", "accepted", "working", "input_needed",
      "completed", "failed", "rejected", "cancelled");

  private static final Param TO_AGENT = Param.text("to_agent", "The agent_id of the recipient (see relay_agents).");
  private static final Param TASK_ID = Param.text("task_id", "The task's id, e.g. task_... .").asRequired().in(PATH);
  private static final Param CONTENT = Param.text("content", "The text to send. Give content or parts, not both.");
  private static final Param PARTS = Param.of("parts", Param.Type.PARTS,
      "A2A parts instead of content, for data or files.");
  private static final Param METADATA = Param.of("metadata", Param.Type.OBJECT, "Free-form JSON kept with it.");
  private static final Param KEY = Param.text("idempotency_key", "Optional. Calls with the same key create"
      + " nothing new; by default the key is derived from the arguments, so an identical retry is safe.")
      .in(IDEMPOTENCY_KEY);
  private static final Param AFTER = Param.atLeast("after", "Only items with a seq greater than this.", 0).in(QUERY);
  private static final Param LIMIT = Param.integer("limit", "At most this many items (default 50).", 1, 200)
      .in(QUERY);
  private static final Param FROM = Param.text("from", "Only items from this agent_id.").in(QUERY);
  /** When a send's items enter and leave the recipient's inbox, and what the sender hears of them. */
  private static final List<Param> TERMS = List.of(
      Param.text("deliver_at", "Optional RFC 3339 time (at most 30 days ahead) at which the item enters the"
          + " recipient's inbox; until then it waits unseen."),
      Param.text("expires_at", "Optional RFC 3339 time at which the item leaves the inbox if still"
          + " unacknowledged. Give expires_at or ttl_seconds, not both."),
      Param.integer("ttl_seconds", "Optional: the item leaves the inbox unacknowledged this many seconds after it"
          + " enters it.", 1, 2_592_000),
      Param.of("notify", Param.Type.STRINGS, "Optional, any of delivered, acked, expired: you get an inbox item"
          + " delivery.delivered, delivery.acked or delivery.expired (with the receipt) when that happens."));

  private static final List<ToolSpec> ALL = List.of(
      new ToolSpec("relay_inbox", "Read inbox", "Read this agent's inbox now: the deliveries it has not"
          + " acknowledged (new tasks, task updates, messages, artifacts, broadcasts), oldest first, each with its"
          + " seq. Items stay until acknowledged with relay_ack. Returns at once; relay_wait_inbox waits for work.",
          "GET", API + "/inbox", READ, List.of(AFTER, LIMIT, FROM), Summaries::inbox),
      new ToolSpec("relay_wait_inbox", "Wait for inbox", "Wait until this agent's inbox has an unacknowledged item"
          + " or 'wait' seconds pass, then answer like relay_inbox. Use it to idle until work arrives; after an"
          + " empty answer call it again.", "GET", API + "/inbox", READ,
          List.of(Param.integer("wait", "Seconds to wait at most (1-60).", 1, 60).in(QUERY).withDefault(30),
              AFTER, LIMIT, FROM), Summaries::waitedInbox),
      new ToolSpec("relay_ack", "Acknowledge inbox items", "Acknowledge handled inbox items so they are never"
          + " returned again: give up_to_seq (every item with a seq up to it) or delivery_ids.", "POST",
          API + "/inbox/ack", SET, List.of(Param.atLeast("up_to_seq", "Acknowledge every item with seq <= this.", 0),
              Param.of("delivery_ids", Param.Type.STRINGS, "The delivery_id of each item.")),
          Summaries::acknowledged),
      new ToolSpec("relay_send_task", "Send a task", "Hand a task to another agent. It arrives in the recipient's"
          + " inbox as task.created with status submitted; its updates come back to your inbox. Retrying with the"
          + " same arguments does not create a second task.", "POST", API + "/tasks", CREATE,
          withTerms(TO_AGENT.asRequired(), Param.text("title", "A one-line summary of the task.").asRequired(),
              Param.text("description", "What to do, in detail."), CONTENT, PARTS,
              Param.oneOf("priority", List.of("low", "normal", "high", "urgent"), "Default normal."),
              Param.text("due_by", "RFC 3339 deadline, e.g. 2026-11-24T22:31:05.123Z."),
              Param.text("context_id", "Groups related tasks; default a new context."), METADATA, KEY),
          Summaries::taskSent),
      new ToolSpec("relay_update_task", "Update a task", "Move a task along its lifecycle, optionally with a"
          + " message to the other party. Legal moves: submitted -> accepted|working|rejected|cancelled;"
          + " accepted -> working|rejected|cancelled; working -> input_needed|completed|failed|cancelled;"
          + " input_needed -> working|completed|failed|cancelled. The receiver may make every legal move, the"
          + " sender only cancelled.", "PUT", API + "/tasks/{task_id}", MOVE,
          withTerms(TASK_ID, Param.oneOf("status", MOVES, "The new status.").asRequired(),
              Param.text("message", "A text message added to the task's thread.")), Summaries::taskMoved),
      new ToolSpec("relay_send_message", "Send a message", "Send a message: with task_id it goes to the task's other"
          + " party, in its thread; with to_agent it is a direct message. Give exactly one of task_id and to_agent,"
          + " and content or parts.", "POST", API + "/messages", CREATE,
          withTerms(Param.text("task_id", "The task whose thread this message joins."), TO_AGENT, CONTENT, PARTS,
              Param.text("context_id", "Groups related messages."), METADATA, KEY), Summaries::messageSent),
      new ToolSpec("relay_get_task", "Get a task", "Read one task with its whole thread of messages and its"
          + " artifacts.", "GET", API + "/tasks/{task_id}", READ, List.of(TASK_ID), Summaries::task),
      new ToolSpec("relay_list_tasks", "List tasks", "List the tasks this agent sent or received, newest first,"
          + " optionally filtered.", "GET", API + "/tasks", READ,
          List.of(Param.text("to", "Only tasks sent to this agent_id.").in(QUERY),
              Param.text("from", "Only tasks sent by this agent_id.").in(QUERY),
              Param.oneOf("status", STATUSES, "Only tasks in this status.").in(QUERY),
              Param.text("since", "Only tasks updated at or after this RFC 3339 time.").in(QUERY),
              Param.integer("limit", "At most this many tasks (default 50).", 1, 200).in(QUERY),
              Param.text("cursor", "The next_cursor of the previous page.").in(QUERY)), Summaries::tasks),
      new ToolSpec("relay_agents", "List agents", "List the registered agents: their ids, names, capabilities,"
          + " trust tiers, status and permissions. Use it to find whom to send a task to.", "GET", API + "/agents",
          READ, List.of(), Summaries::agents),
      new ToolSpec("relay_broadcast", "Broadcast", "Send one message to every agent this agent may send to"
          + " (tier 3 agents may not broadcast).", "POST", API + "/broadcast", CREATE,
          withTerms(CONTENT, PARTS, METADATA, KEY), Summaries::broadcast),
      new ToolSpec("relay_attach_artifact", "Attach an artifact", "Attach an output (a report, a file, data) to a"
          + " task; the other party gets it in its inbox as artifact.new.", "POST", API + "/tasks/{task_id}/artifacts",
          CREATE, withTerms(TASK_ID, Param.text("name", "The artifact's name, e.g. report.md.").asRequired(), CONTENT,
              PARTS, Param.text("mime_type", "The content's media type, e.g. text/markdown."), KEY),
          Summaries::artifact),
      new ToolSpec("relay_heartbeat", "Heartbeat", "Tell the relay this agent is alive and its status.", "POST",
          API + "/agents/{self}/heartbeat", SET,
          List.of(Param.oneOf("status", List.of("online", "offline", "busy"), "Default online.").withDefault("online")),
          Summaries::heartbeat));

  private RelayTools() {
  }

  private static List<Param> withTerms(Param... params) {
    List<Param> all = new ArrayList<>(List.of(params));
    all.addAll(TERMS);
    return all;
  }

  /** All twelve tools. */
  public static List<ToolSpec> all() {
    return ALL;
  }

  /** The tools {@code permissions} let the agent use ({@code can_access_tools}). */
  public static List<ToolSpec> allowed(Permissions permissions) {
    return ALL.stream().filter(tool -> permissions.usesTool(tool.name())).toList();
  }

  public static Optional<ToolSpec> find(String name) {
    return ALL.stream().filter(tool -> tool.name().equals(name)).findFirst();
  }
}
