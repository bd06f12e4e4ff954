package dev.agentrelay.http.mcp;

import dev.agentrelay.core.model.Agent;
import dev.agentrelay.core.tools.InboxResource;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.feature.McpChangePublisher;
import io.modelcontextprotocol.modern.server.feature.ServerChange;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.context.Context;

/**
 * What one {@code subscriptions/listen} stream hears: {@code notifications/resources/updated} for the caller's
 * {@code relay://inbox} (fed by an {@link McpInboxWatch}), until {@link #end()} (the key stopped working), which
 * makes the SDK send the request's final result.
 *
 * <p>The SDK's server asks one {@link McpChangePublisher} for the changes of every listen stream, without saying
 * whose stream it is, and would send each change to every stream whose filter names its URI; but every agent's
 * inbox is {@code relay://inbox}. So {@link #PUBLISHER} hands each stream the feed the transport put in the
 * Reactor context of that stream's subscription under {@link #KEY}.
 */
final class McpListenFeed {

  static final String KEY = McpListenFeed.class.getName();

  /** The changes of the listen stream being subscribed to: those of its feed. */
  static final McpChangePublisher PUBLISHER = () -> Flux.deferContextual(context -> context
      .<McpListenFeed>getOrEmpty(KEY).map(feed -> feed.changes.asFlux()).orElseGet(Flux::empty));

  private static final ServerChange INBOX_UPDATED = new ServerChange.ResourceUpdated(InboxResource.URI);

  private final Sinks.Many<ServerChange> changes = Sinks.many().unicast().onBackpressureBuffer();

  /** What the subscription to the stream's messages must carry for {@link #PUBLISHER} to find this feed. */
  Context reactorContext() {
    return Context.of(KEY, this);
  }

  /** Called on one event loop only, the request's: the sink needs no more. */
  void inboxUpdated() {
    changes.tryEmitNext(INBOX_UPDATED);
  }

  void end() {
    changes.tryEmitComplete();
  }

  /**
   * The part of a client's filter the relay honours: {@code relay://inbox}, when the client asks for it and may read
   * it. The tools and resources never change, so whatever else it asks for is not acknowledged.
   */
  static Mono<McpSchema.SubscriptionFilter> restrict(McpRequestContext ctx, McpSchema.SubscriptionFilter requested,
      McpSchema.SubscriptionFilter honoured) {
    Agent caller = (Agent) ctx.transportContext().get(McpTransport.AGENT);
    return Mono.just(wantsInbox(caller, requested.resourceSubscriptionsOrEmpty())
        ? McpSchema.SubscriptionFilter.of(Map.of(McpSchema.SubscriptionFilter.RESOURCE_SUBSCRIPTIONS,
            List.of(InboxResource.URI)))
        : McpSchema.SubscriptionFilter.EMPTY);
  }

  /** Whether {@code caller} asks for its inbox's updates among {@code uris}, and may read it. */
  static boolean wantsInbox(Agent caller, List<?> uris) {
    return uris.contains(InboxResource.URI) && McpInboxResource.readableBy(caller);
  }
}
