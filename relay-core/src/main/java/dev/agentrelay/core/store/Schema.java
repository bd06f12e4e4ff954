package dev.agentrelay.core.store;

import java.util.List;

/**
 * The forward migrations, oldest first. A database at version N gets migrations N+1… at start; a
 * migration is never edited once released, only followed by a new one.
 */
final class Schema {

  static final List<String> MIGRATIONS = List.of(
      """
      CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE TABLE agents (
        agent_id       TEXT PRIMARY KEY,
        name           TEXT NOT NULL,
        description    TEXT,
        version        TEXT,
        capabilities   TEXT NOT NULL,
        trust_tier     INTEGER NOT NULL CHECK (trust_tier BETWEEN 1 AND 3),
        contact        TEXT NOT NULL,
        permissions    TEXT NOT NULL,
        status         TEXT NOT NULL,
        last_seen      INTEGER,
        metadata       TEXT NOT NULL,
        registered_at  INTEGER NOT NULL,
        updated_at     INTEGER NOT NULL,
        key_hash       TEXT NOT NULL UNIQUE,
        webhook_secret TEXT
      );
      CREATE TABLE tasks (
        task_id     TEXT PRIMARY KEY,
        context_id  TEXT NOT NULL,
        from_agent  TEXT NOT NULL,
        to_agent    TEXT NOT NULL,
        title       TEXT NOT NULL,
        description TEXT,
        parts       TEXT NOT NULL,
        status      TEXT NOT NULL,
        priority    TEXT NOT NULL,
        due_by      TEXT,
        metadata    TEXT NOT NULL,
        created_at  INTEGER NOT NULL,
        updated_at  INTEGER NOT NULL
      );
      CREATE INDEX tasks_by_to ON tasks (to_agent);
      CREATE INDEX tasks_by_from ON tasks (from_agent);
      CREATE INDEX tasks_by_status ON tasks (status);
      CREATE TABLE messages (
        message_id TEXT PRIMARY KEY,
        task_id    TEXT REFERENCES tasks (task_id),
        context_id TEXT NOT NULL,
        from_agent TEXT NOT NULL,
        to_agent   TEXT NOT NULL,
        role       TEXT NOT NULL,
        parts      TEXT NOT NULL,
        metadata   TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX messages_by_task ON messages (task_id) WHERE task_id IS NOT NULL;
      CREATE TABLE artifacts (
        artifact_id TEXT PRIMARY KEY,
        task_id     TEXT NOT NULL REFERENCES tasks (task_id),
        name        TEXT NOT NULL,
        parts       TEXT NOT NULL,
        mime_type   TEXT,
        created_at  INTEGER NOT NULL
      );
      CREATE INDEX artifacts_by_task ON artifacts (task_id);
      CREATE TABLE deliveries (
        seq         INTEGER PRIMARY KEY,
        delivery_id TEXT NOT NULL UNIQUE,
        agent_id    TEXT NOT NULL,
        event       TEXT NOT NULL,
        from_agent  TEXT NOT NULL,
        task_id     TEXT,
        item        TEXT NOT NULL,
        created_at  INTEGER NOT NULL,
        acked_at    INTEGER
      );
      CREATE INDEX deliveries_unacked ON deliveries (agent_id, seq) WHERE acked_at IS NULL;
      CREATE TABLE audit (
        entry_id     INTEGER PRIMARY KEY,
        at           INTEGER NOT NULL,
        actor        TEXT NOT NULL,
        event        TEXT NOT NULL,
        subject_type TEXT NOT NULL,
        subject_id   TEXT NOT NULL,
        task_id      TEXT,
        detail       TEXT NOT NULL,
        peer         TEXT
      );
      CREATE INDEX audit_by_actor ON audit (actor);
      CREATE INDEX audit_by_peer ON audit (peer) WHERE peer IS NOT NULL;
      CREATE INDEX audit_by_subject ON audit (subject_id);
      CREATE INDEX audit_by_task ON audit (task_id) WHERE task_id IS NOT NULL;
      CREATE INDEX audit_by_event ON audit (event);
      CREATE TABLE idempotency (
        agent_id    TEXT NOT NULL,
        key         TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        status      INTEGER NOT NULL,
        body        TEXT NOT NULL,
        created_at  INTEGER NOT NULL,
        PRIMARY KEY (agent_id, key)
      );
      CREATE INDEX idempotency_by_age ON idempotency (created_at);
      """,
      // Per-agent audit indexes cost one scattered page per distinct agent in every commit; audit_agents
      // holds the same lookup but is filled in bulk, behind the writes (see AuditIndex).
      """
      DROP INDEX audit_by_actor;
      DROP INDEX audit_by_peer;
      DROP INDEX audit_by_subject;
      CREATE TABLE audit_agents (
        agent_id TEXT NOT NULL,
        entry_id INTEGER NOT NULL,
        PRIMARY KEY (agent_id, entry_id)
      ) WITHOUT ROWID;
      INSERT INTO meta (key, value) VALUES ('audit_agents_up_to', '0');
      """,
      // Inboxes are paged from PendingDeliveries in memory. On disk only the start-up load needs the pending
      // rows, and in seq order every commit appends to the same last page instead of one page per recipient.
      // acked_at (always NULL here) makes the index cover that load's query.
      """
      DROP INDEX deliveries_unacked;
      CREATE INDEX deliveries_pending ON deliveries (seq, agent_id, acked_at) WHERE acked_at IS NULL;
      """,
      // The event index took up to three pages per commit (SQLite rebalances index leaves as it appends to
      // them); the event lookup is filled behind the writes with the agent lookup, under one mark.
      """
      CREATE TABLE audit_events (
        event    TEXT NOT NULL,
        entry_id INTEGER NOT NULL,
        PRIMARY KEY (event, entry_id)
      ) WITHOUT ROWID;
      INSERT INTO audit_events (event, entry_id) SELECT event, entry_id FROM audit
        WHERE entry_id <= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'audit_agents_up_to')
        ORDER BY event, entry_id;
      UPDATE meta SET key = 'audit_lookups_up_to' WHERE key = 'audit_agents_up_to';
      DROP INDEX audit_by_event;
      """,
      // A unique index on a text ID costs 2-4 pages per commit (SQLite rebalances index leaves even when it
      // appends). Nothing reads messages by message_id, and a delivery ID now carries its seq (Ids.delivery),
      // so both tables are rebuilt without one. IDs of deliveries still pending keep a small lookup.
      """
      CREATE TABLE legacy_delivery_ids (
        delivery_id TEXT PRIMARY KEY,
        seq         INTEGER NOT NULL
      ) WITHOUT ROWID;
      INSERT INTO legacy_delivery_ids (delivery_id, seq)
        SELECT delivery_id, seq FROM deliveries WHERE acked_at IS NULL;
      CREATE TABLE deliveries_v5 (
        seq         INTEGER PRIMARY KEY,
        delivery_id TEXT NOT NULL,
        agent_id    TEXT NOT NULL,
        event       TEXT NOT NULL,
        from_agent  TEXT NOT NULL,
        task_id     TEXT,
        item        TEXT NOT NULL,
        created_at  INTEGER NOT NULL,
        acked_at    INTEGER
      );
      INSERT INTO deliveries_v5 (seq, delivery_id, agent_id, event, from_agent, task_id, item, created_at, acked_at)
        SELECT seq, delivery_id, agent_id, event, from_agent, task_id, item, created_at, acked_at FROM deliveries;
      DROP TABLE deliveries;
      ALTER TABLE deliveries_v5 RENAME TO deliveries;
      CREATE INDEX deliveries_pending ON deliveries (seq, agent_id, acked_at) WHERE acked_at IS NULL;
      CREATE TABLE messages_v5 (
        message_id TEXT NOT NULL,
        task_id    TEXT REFERENCES tasks (task_id),
        context_id TEXT NOT NULL,
        from_agent TEXT NOT NULL,
        to_agent   TEXT NOT NULL,
        role       TEXT NOT NULL,
        parts      TEXT NOT NULL,
        metadata   TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      INSERT INTO messages_v5 (rowid, message_id, task_id, context_id, from_agent, to_agent, role, parts, metadata,
          created_at)
        SELECT rowid, message_id, task_id, context_id, from_agent, to_agent, role, parts, metadata, created_at
        FROM messages;
      DROP TABLE messages;
      ALTER TABLE messages_v5 RENAME TO messages;
      CREATE INDEX messages_by_task ON messages (task_id) WHERE task_id IS NOT NULL;
      """,
      // A direct message joins no thread: its delivery row holds it whole, as the recipient reads it. The
      // messages table keeps what GET /tasks/{id} reads (task messages) and broadcasts, and a direct send
      // writes one row fewer. The copies that earlier versions kept are removed.
      """
      DELETE FROM messages WHERE task_id IS NULL AND to_agent <> '*';
      """,
      // Receipts: the first hand-over of each delivery. Adding columns rewrites no row, however big the file.
      """
      ALTER TABLE deliveries ADD COLUMN first_delivered_at INTEGER;
      ALTER TABLE deliveries ADD COLUMN delivered_via TEXT;
      """,
      // Scheduled delivery, expiry and notify (see DeliveryTerms). A scheduled row waits under the seq it was
      // given at its send (waiting = 1, outside the inbox) and moves to a fresh seq when due; moved_deliveries
      // finds it by its ID after the move. An expired row is settled like an acknowledged one: acked_at holds
      // its expiry instant and expired = 1. Both indexes hold only the rows that have such a time, so plain
      // sends and acks pay nothing for them; they let the store's one timer find the next instant.
      """
      ALTER TABLE deliveries ADD COLUMN deliver_at INTEGER;
      ALTER TABLE deliveries ADD COLUMN expires_at INTEGER;
      ALTER TABLE deliveries ADD COLUMN notify TEXT;
      ALTER TABLE deliveries ADD COLUMN waiting INTEGER;
      ALTER TABLE deliveries ADD COLUMN expired INTEGER;
      CREATE INDEX deliveries_due ON deliveries (deliver_at) WHERE waiting = 1;
      CREATE INDEX deliveries_expiring ON deliveries (expires_at) WHERE acked_at IS NULL AND expires_at IS NOT NULL;
      CREATE TABLE moved_deliveries (
        delivery_id TEXT PRIMARY KEY,
        seq         INTEGER NOT NULL
      ) WITHOUT ROWID;
      """,
      // A2A push notification configs: where to POST the updates of a task, set by one of its readers.
      """
      CREATE TABLE IF NOT EXISTS a2a_push_configs (
        config_id        TEXT NOT NULL,
        task_id          TEXT NOT NULL,
        owner            TEXT NOT NULL,
        url              TEXT NOT NULL,
        token            TEXT,
        auth_scheme      TEXT,
        auth_credentials TEXT,
        created_at       INTEGER NOT NULL,
        PRIMARY KEY (task_id, config_id)
      );
      """,
      // How far each config's task was pushed, so that a dispatcher that starts pushes what was committed while
      // none ran (see PushConfigStore). The configs there were pushed up to now, and those of terminal tasks are done.
      // The index finds a task's updates after a seq: only the events pushed, not task creations (a send's row)
      // nor messages outside tasks.
      """
      CREATE INDEX deliveries_by_task ON deliveries (task_id, seq)
        WHERE task_id IS NOT NULL AND event IN ('task.updated', 'artifact.new', 'message.new');
      ALTER TABLE a2a_push_configs ADD COLUMN pushed_seq INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE a2a_push_configs ADD COLUMN following INTEGER NOT NULL DEFAULT 1;
      UPDATE a2a_push_configs SET pushed_seq = (SELECT COALESCE(MAX(seq), 0) FROM deliveries);
      UPDATE a2a_push_configs SET following = 0 WHERE task_id IN
        (SELECT task_id FROM tasks WHERE status IN ('completed', 'failed', 'rejected', 'cancelled'));
      """);

  private Schema() {
  }
}
