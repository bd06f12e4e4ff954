package dev.agentrelay.core.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Artifact;
import dev.agentrelay.core.model.Message;
import dev.agentrelay.core.model.MessageRole;
import dev.agentrelay.core.model.Times;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.sql.SQLException;
import java.util.List;

/**
 * The messages and artifacts tables: what is said and attached in a task's thread, and broadcasts. A direct
 * message is kept only in its delivery row ({@link DeliveryStore}).
 */
public final class MessageStore {

  private static final String MESSAGE_COLUMNS =
      "message_id, task_id, context_id, from_agent, to_agent, role, parts, metadata, created_at";
  private static final String INSERT_MESSAGE =
      "INSERT INTO messages (" + MESSAGE_COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?)";
  private static final String MESSAGES_OF_TASK =
      "SELECT " + MESSAGE_COLUMNS + " FROM messages WHERE task_id = ? ORDER BY ";

  private static final String ARTIFACT_COLUMNS = "artifact_id, task_id, name, parts, mime_type, created_at";
  private static final String INSERT_ARTIFACT = "INSERT INTO artifacts (" + ARTIFACT_COLUMNS + ") VALUES (?,?,?,?,?,?)";
  private static final String ARTIFACTS_OF_TASK =
      "SELECT " + ARTIFACT_COLUMNS + " FROM artifacts WHERE task_id = ? ORDER BY ";

  private MessageStore() {
  }

  public static void insert(WriteContext tx, Message m) throws SQLException {
    tx.append(INSERT_MESSAGE, m.messageId(), m.taskId(), m.contextId(), m.fromAgent(), m.toAgent(), m.role().wire(),
        Json.write(m.parts()), Json.write(m.metadata()), Times.millis(m.createdAt()));
    tx.totalsChanged().messages(1);
  }

  public static void insert(WriteContext tx, Artifact a) throws SQLException {
    tx.append(INSERT_ARTIFACT, a.artifactId(), a.taskId(), a.name(), Json.write(a.parts()), a.mimeType(),
        Times.millis(a.createdAt()));
  }

  public static Future<List<Message>> messagesOf(ReadContext reads, String taskId) {
    return Reads.list(reads.pool(), MESSAGES_OF_TASK + reads.dialect().rowOrder(), MessageStore::mapMessage, taskId);
  }

  public static Future<List<Artifact>> artifactsOf(ReadContext reads, String taskId) {
    return Reads.list(reads.pool(), ARTIFACTS_OF_TASK + reads.dialect().rowOrder(), MessageStore::mapArtifact,
        taskId);
  }

  private static Message mapMessage(Columns c) {
    return new Message(
        c.text("message_id"),
        c.text("task_id"),
        c.text("context_id"),
        c.text("from_agent"),
        c.text("to_agent"),
        MessageRole.parse("role", c.text("role")),
        Parts.read(c.text("parts")),
        (ObjectNode) Json.readStored(c.text("metadata")),
        Times.format(c.number("created_at")));
  }

  private static Artifact mapArtifact(Columns c) {
    return new Artifact(
        c.text("artifact_id"),
        c.text("task_id"),
        c.text("name"),
        Parts.read(c.text("parts")),
        Times.format(c.number("created_at")),
        c.text("mime_type"));
  }
}
