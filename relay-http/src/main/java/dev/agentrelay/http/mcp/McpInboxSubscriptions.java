package dev.agentrelay.http.mcp;

import dev.agentrelay.core.tools.InboxResource;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The sessions of {@code /mcp} subscribed to {@code relay://inbox}, each told of its own agent's new deliveries
 * on its GET stream. The SDK keeps subscriptions per resource URI, for every session alike; here the one URI
 * names a different inbox for each agent, so the transport keeps them itself, per session.
 */
final class McpInboxSubscriptions {

  private static final Logger LOG = Logger.getLogger(McpInboxSubscriptions.class.getName());

  private final Vertx vertx;
  private final Map<String, McpInboxWatch> bySession = new HashMap<>();
  /** How many GET streams each session has open (a client may open a second before the first is gone). */
  private final Map<String, Integer> openStreams = new HashMap<>();

  McpInboxSubscriptions(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Subscribes {@code session} for {@code agentId}'s inbox; a second subscribe changes nothing. Event loop only. */
  synchronized void subscribe(McpStreamableServerSession session, String agentId) {
    bySession.computeIfAbsent(session.getId(), id -> new McpInboxWatch(vertx, agentId, openStreams.containsKey(id),
        () -> session.sendNotification(McpSchema.METHOD_NOTIFICATION_RESOURCES_UPDATED,
                new McpSchema.ResourcesUpdatedNotification(InboxResource.URI))
            .subscribe(null, failure -> LOG.log(Level.FINE, "inbox update not sent", failure))));
  }

  synchronized void unsubscribe(String sessionId) {
    McpInboxWatch watch = bySession.remove(sessionId);
    if (watch != null) {
      watch.stop();
    }
  }

  synchronized void streamOpened(String sessionId) {
    openStreams.merge(sessionId, 1, Integer::sum);
    McpInboxWatch watch = bySession.get(sessionId);
    if (watch != null) {
      watch.streamOpened();
    }
  }

  synchronized void streamClosed(String sessionId) {
    Integer left = openStreams.computeIfPresent(sessionId, (id, open) -> open > 1 ? open - 1 : null);
    McpInboxWatch watch = bySession.get(sessionId);
    if (left == null && watch != null) {
      watch.streamClosed();
    }
  }

  /** The session is gone: its subscription ends. */
  synchronized void ended(String sessionId) {
    unsubscribe(sessionId);
    openStreams.remove(sessionId);
  }

  synchronized int size() {
    return bySession.size();
  }
}
