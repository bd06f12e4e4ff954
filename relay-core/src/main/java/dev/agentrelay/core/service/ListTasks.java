package dev.agentrelay.core.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.agentrelay.core.model.Agent;
import dev.agentrelay.core.model.Task;
import dev.agentrelay.core.model.TaskStatus;
import dev.agentrelay.core.store.ReadContext;
import dev.agentrelay.core.bus.StoreQuery;
import dev.agentrelay.core.store.TaskStore;
import io.vertx.core.Future;
import java.util.List;

/** Tasks, newest first, filtered; tiers 2-3 see only tasks they are a party to. */
public record ListTasks(Agent actor, String to, String from, TaskStatus status, Long sinceMillis, String contextId,
    Long cursor, int limit) implements StoreQuery<ListTasks.Page> {

  /** The answer: a page of tasks and the cursor for the next page (null on the last). */
  public record Page(@JsonProperty("tasks") List<Task> tasks,
      @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("next_cursor") String nextCursor) {
  }

  @Override
  public Future<Page> run(ReadContext reads) {
    return TaskStore.list(reads, filter())
        .map(page -> new Page(page.tasks(), Cursors.encode(page.nextBeforeRow())));
  }

  /** How many tasks this list finds on all its pages together. */
  public StoreQuery<Long> total() {
    return reads -> TaskStore.count(reads, filter());
  }

  private TaskStore.Filter filter() {
    String partyOf = actor.isTier1() ? null : actor.agentId();
    return new TaskStore.Filter(to, from, status, sinceMillis, contextId, partyOf, cursor, limit);
  }
}
