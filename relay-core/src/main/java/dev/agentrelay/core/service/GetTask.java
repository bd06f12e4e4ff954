package dev.agentrelay.core.service;

import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.model.Agent;
import dev.agentrelay.core.model.Task;
import dev.agentrelay.core.store.MessageStore;
import dev.agentrelay.core.store.ReadContext;
import dev.agentrelay.core.bus.StoreQuery;
import dev.agentrelay.core.store.TaskStore;
import io.vertx.core.Future;

/** One task with its messages and artifacts; 404 if unknown, 403 for tiers 2-3 that are not a party. */
public record GetTask(Agent actor, String taskId) implements StoreQuery<Task> {

  @Override
  public Future<Task> run(ReadContext reads) {
    return TaskStore.find(reads.pool(), taskId)
        .map(found -> found.orElseThrow(() -> RelayException.taskNotFound(taskId)))
        .compose(task -> {
          AccessPolicy.checkMayUseTask(actor, task);
          return MessageStore.messagesOf(reads, taskId).compose(messages ->
              MessageStore.artifactsOf(reads, taskId).map(artifacts -> task.withThread(messages, artifacts)));
        });
  }
}
