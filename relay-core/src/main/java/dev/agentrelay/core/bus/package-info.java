/**
 * The contract between the store and its users: everything the HTTP edge, the webhook dispatcher and the
 * relay's own {@code /mcp} know of the store, whichever database it runs on (SQLite or PostgreSQL).
 *
 * <ul>
 *   <li>{@link dev.agentrelay.core.bus.Addresses}: every event-bus address, with what travels on it.</li>
 *   <li>Requests: {@link dev.agentrelay.core.bus.WriteCommand} (one write, run in a group-committed batch) and
 *       {@link dev.agentrelay.core.bus.StoreQuery} (one read), and the filters some queries take
 *       ({@link dev.agentrelay.core.bus.ReceiptFilter}, {@link dev.agentrelay.core.bus.AuditFilter}), which the
 *       store turns into SQL; the commands themselves, with the rules of who may do what, are in
 *       {@code core.service}. Both run against the store's contexts, on either database.</li>
 *   <li>Answers: {@link dev.agentrelay.core.bus.StoreReply} (the result, or the failure it was refused with),
 *       {@link dev.agentrelay.core.bus.StoredResponse} (an idempotent write's first answer).</li>
 *   <li>Events, published after the commit that made them: {@link dev.agentrelay.core.bus.DeliveryEvent} per
 *       delivery (to the recipient's inbox address, and to the webhook dispatcher for webhook agents, with the
 *       {@link dev.agentrelay.core.bus.WebhookTarget}); agent-change notices (a revoked key, a changed webhook
 *       target), whose body is the agent id.</li>
 *   <li>State the store keeps in memory and its users read without a query:
 *       {@link dev.agentrelay.core.bus.AgentDirectory} (accounts, for authentication),
 *       {@link dev.agentrelay.core.bus.PendingCounts} (unacknowledged deliveries per agent), and the
 *       {@link dev.agentrelay.core.bus.InboxEntry} rows that inbox queries answer with; and one its users fill:
 *       {@link dev.agentrelay.core.bus.HandOvers}, where the read paths note hand-overs for the writer to record.</li>
 *   <li>{@link dev.agentrelay.core.bus.BusCodecs}: one codec per bus type, all registered in one place; every
 *       message stays in the process (each node's store and its users share a JVM), passed by reference. The
 *       nodes of a cluster exchange commits through {@link dev.agentrelay.core.bus.CommitFanout} instead.</li>
 *   <li>{@link dev.agentrelay.core.bus.StoreClient}: typed futures over the bus; what the users call.</li>
 * </ul>
 *
 * <h2>The write path</h2>
 * A caller's {@code StoreClient.write(command)} sends the command to {@code STORE_WRITE}. No consumer is
 * registered there: the SQLite store's outbound interceptor takes the message on the caller's thread and queues
 * it for its single writer thread, which runs everything queued as one transaction, commits once, answers each
 * command's request with its {@code StoreReply}, then publishes the batch's events. Why an interceptor and not a
 * consumer, and what follows from it, is told at {@link dev.agentrelay.core.bus.Addresses#STORE_WRITE}.
 *
 * <h2>Dependencies</h2>
 * This package depends on the model and on {@code core.auth} (key hashing, for the directory); it knows no JDBC,
 * no SQLite and no SQL client, and no store class but the two contexts that commands and queries run in. The
 * store ({@code core.store}) depends on it, never the other way for anything else; the edges reach the store
 * only through it and the commands of {@code core.service}. relay-cli's {@code ArchitectureTest} holds these
 * rules.
 */
package dev.agentrelay.core.bus;
