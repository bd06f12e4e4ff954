package dev.agentrelay.core.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.model.AgentAccount;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Agent;
import dev.agentrelay.core.model.AgentStatus;
import dev.agentrelay.core.model.Contact;
import dev.agentrelay.core.model.Permissions;
import dev.agentrelay.core.model.Times;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The agents table: profiles with their key hashes and webhook secrets. */
public final class AgentStore {

  private static final String COLUMNS = "agent_id, name, description, version, capabilities, trust_tier, contact,"
      + " permissions, status, last_seen, metadata, registered_at, updated_at, key_hash, webhook_secret";

  private static final String INSERT = "INSERT INTO agents (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

  private static final String UPDATE = "UPDATE agents SET name = ?, description = ?, version = ?, capabilities = ?,"
      + " trust_tier = ?, contact = ?, permissions = ?, status = ?, last_seen = ?, metadata = ?, registered_at = ?,"
      + " updated_at = ?, key_hash = ?, webhook_secret = ? WHERE agent_id = ?";

  private static final String DELETE = "DELETE FROM agents WHERE agent_id = ?";

  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };

  private AgentStore() {
  }

  static List<AgentAccount> loadAll(Connection connection) throws SQLException {
    List<AgentAccount> accounts = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT " + COLUMNS + " FROM agents")) {
      Columns columns = Columns.of(rows);
      while (rows.next()) {
        accounts.add(map(columns));
      }
    }
    return accounts;
  }

  /**
   * Reads the named agents again into the reader's directory, as they are committed now: a removed one leaves it.
   * What a node of a cluster does when another node's commit changed them.
   */
  public static Future<Void> refresh(ReadContext reads, List<String> agentIds) {
    List<Future<Void>> refreshed = new ArrayList<>(agentIds.size());
    for (String agentId : agentIds) {
      refreshed.add(Reads.one(reads.pool(), "SELECT " + COLUMNS + " FROM agents WHERE agent_id = ?",
          AgentStore::map, agentId).map(found -> {
            found.ifPresentOrElse(reads.agents()::put, () -> reads.agents().remove(agentId));
            return null;
          }));
    }
    return Future.all(refreshed).mapEmpty();
  }

  /** Adds a new agent; visible to the relay once the batch commits. */
  public static void insert(WriteContext tx, AgentAccount account) throws SQLException {
    Agent a = account.agent();
    tx.update(INSERT, a.agentId(), a.name(), a.description(), a.version(), Json.write(a.capabilities()),
        a.trustTier(), Json.write(a.contact()), Json.write(a.permissions()), a.status().wire(),
        Times.nullableMillis(a.lastSeen()), Json.write(a.metadata()), Times.millis(a.registeredAt()),
        Times.millis(a.updatedAt()), account.keyHash(), account.webhookSecret());
    tx.agentChanged(account);
  }

  /** Replaces an agent's row (profile, status, key hash, secret). */
  public static void update(WriteContext tx, AgentAccount account) throws SQLException {
    Agent a = account.agent();
    tx.update(UPDATE, a.name(), a.description(), a.version(), Json.write(a.capabilities()), a.trustTier(),
        Json.write(a.contact()), Json.write(a.permissions()), a.status().wire(), Times.nullableMillis(a.lastSeen()),
        Json.write(a.metadata()), Times.millis(a.registeredAt()), Times.millis(a.updatedAt()), account.keyHash(),
        account.webhookSecret(), a.agentId());
    tx.agentChanged(account);
  }

  public static void delete(WriteContext tx, String agentId) throws SQLException {
    tx.update(DELETE, agentId);
    tx.agentRemoved(agentId);
  }

  private static AgentAccount map(Columns c) {
    Agent agent = new Agent(
        c.text("agent_id"),
        c.text("name"),
        c.text("description"),
        c.text("version"),
        readStrings(c.text("capabilities")),
        (int) c.number("trust_tier"),
        Json.readStored(c.text("contact"), Contact.class),
        Json.readStored(c.text("permissions"), Permissions.class),
        AgentStatus.parse("status", c.text("status")),
        Times.formatNullable(c.nullableLong("last_seen")),
        (ObjectNode) Json.readStored(c.text("metadata")),
        Times.format(c.number("registered_at")),
        Times.format(c.number("updated_at")));
    return new AgentAccount(agent, c.text("key_hash"), c.text("webhook_secret"));
  }

  private static List<String> readStrings(String json) {
    try {
      return Json.MAPPER.readValue(json, STRINGS);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("stored JSON is corrupt", e);
    }
  }
}
