package dev.agentrelay.http.mcp;

import dev.agentrelay.core.model.Agent;
import dev.agentrelay.core.tools.InboxResource;
import dev.agentrelay.core.tools.RelayApi;
import io.modelcontextprotocol.modern.McpException;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.McpAsyncResponse;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.feature.McpAsyncResource;
import io.modelcontextprotocol.modern.server.feature.McpAsyncResourceRepository;
import io.modelcontextprotocol.modern.server.feature.ResourcesPage;
import io.modelcontextprotocol.spec.McpError;
import java.util.List;
import java.util.function.BiFunction;
import reactor.core.publisher.Mono;

/**
 * {@code relay://inbox} for the SDK's 2026-07-28 server: listed for an agent that may read it, read with the
 * caller's key like every tool, never cached (it changes with every delivery), and subscribable through
 * {@code subscriptions/listen} ({@link McpListenFeed}). Any other URI is unknown: the SDK answers -32602 with the
 * URI in the error's data.
 */
final class McpModernInbox implements McpAsyncResourceRepository {

  private final BiFunction<String, String, RelayApi> apiFor;
  private final McpSchema.Resource resource = McpSchema.Resource.builder(InboxResource.URI, InboxResource.NAME)
      .title(InboxResource.TITLE).description(InboxResource.DESCRIPTION).mimeType(InboxResource.MIME_TYPE).build();

  McpModernInbox(BiFunction<String, String, RelayApi> apiFor) {
    this.apiFor = apiFor;
  }

  @Override
  public Mono<ResourcesPage> list(McpRequestContext ctx, String cursor) {
    return Mono.just(ResourcesPage.of(McpInboxResource.readableBy(caller(ctx)) ? List.of(resource) : List.of()));
  }

  @Override
  public Mono<McpAsyncResource> find(McpRequestContext ctx, String uri) {
    return InboxResource.URI.equals(uri) ? Mono.just(McpAsyncResource.of(this::read)) : Mono.empty();
  }

  @Override
  public boolean supportsSubscribe() {
    return true;
  }

  private Mono<McpAsyncResponse<McpSchema.ReadResourceOutcome>> read(McpRequestContext ctx,
      McpSchema.ReadResourceRequest request) {
    return Mono.fromCompletionStage(() -> McpInboxResource.text(McpTools.caller(ctx.transportContext(), apiFor),
            caller(ctx)).toCompletionStage())
        .<McpAsyncResponse<McpSchema.ReadResourceOutcome>>map(text -> McpAsyncResponse.result(McpSchema
            .ReadResourceResult.builder(List.of(McpSchema.TextResourceContents.builder(InboxResource.URI, text)
                .mimeType(InboxResource.MIME_TYPE).build())).ttlMs(0).cacheScope(McpSchema.CacheScope.PRIVATE)
            .build()))
        .onErrorMap(McpError.class, McpModernInbox::refusal);
  }

  /**
   * A refusal the client can act on keeps its code and sentence; the relay's own failure stays an exception, which
   * the SDK logs and answers with a plain "Internal error".
   */
  private static Throwable refusal(McpError error) {
    int code = error.getJsonRpcError().code();
    return code == McpReplies.INTERNAL_ERROR ? error : new McpException(code, error.getJsonRpcError().message());
  }

  private static Agent caller(McpRequestContext ctx) {
    return (Agent) ctx.transportContext().get(McpTransport.AGENT);
  }
}
