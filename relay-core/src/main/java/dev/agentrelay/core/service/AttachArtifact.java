package dev.agentrelay.core.service;

import dev.agentrelay.core.json.Fields;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Agent;
import dev.agentrelay.core.model.Artifact;
import dev.agentrelay.core.model.EventType;
import dev.agentrelay.core.model.Ids;
import dev.agentrelay.core.model.Part;
import dev.agentrelay.core.model.Task;
import dev.agentrelay.core.model.Times;
import dev.agentrelay.core.store.AuditStore;
import dev.agentrelay.core.store.Deliveries;
import dev.agentrelay.core.store.DeliveryStore;
import dev.agentrelay.core.store.MessageStore;
import dev.agentrelay.core.bus.WriteCommand;
import dev.agentrelay.core.store.WriteContext;
import java.sql.SQLException;
import java.util.List;

/** Attaches an artifact to an open task and delivers {@code artifact.new} to the other party. */
public record AttachArtifact(Agent actor, String taskId, String name, List<Part> parts, String mimeType)
    implements WriteCommand<Artifact> {

  /** Reads a {@code POST /tasks/{id}/artifacts} body. */
  public static AttachArtifact parse(Agent actor, String taskId, Fields body) {
    return new AttachArtifact(actor, taskId, body.requiredText("name", TaskInput.MAX_TITLE),
        PartsInput.read(body, true), body.optionalText("mime_type", 255));
  }

  @Override
  public Artifact apply(WriteContext tx) throws SQLException {
    Task task = TaskInput.load(tx, taskId);
    AccessPolicy.checkMayUseTask(actor, task);
    TaskInput.checkOpen(task);
    Artifact artifact = new Artifact(Ids.next(Ids.ARTIFACT, tx.now()), taskId, name, parts, Times.format(tx.now()),
        mimeType);
    MessageStore.insert(tx, artifact);
    List<DeliveryStore.Delivered> deliveries = TaskEvents.deliver(tx, task, actor.agentId(), EventType.ARTIFACT_NEW,
        null, artifact);
    AuditStore.record(tx, actor.agentId(), "artifact.attached", "artifact", artifact.artifactId(), taskId,
        Deliveries.into(Json.object().put("name", name), deliveries), Deliveries.peer(deliveries));
    return artifact;
  }
}
