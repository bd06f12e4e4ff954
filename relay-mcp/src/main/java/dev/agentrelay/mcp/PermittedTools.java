package dev.agentrelay.mcp;

import dev.agentrelay.core.model.Permissions;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Lists only the tools the agent's {@code can_access_tools} allows. The SDK's server lists every tool it
 * registered, and a call to an unregistered tool is a protocol error rather than the {@code isError} result
 * API.md asks for, so all tools stay registered (the call itself is refused by the core) and the
 * {@code tools/list} answer is narrowed here, on its way out. While the permissions are unknown (the relay is
 * down at start) every tool is listed; calls are still refused until the permissions are known.
 */
final class PermittedTools implements McpServerTransportProvider {

  /** How long a tools/list answer waits for the permissions before listing every tool. */
  private static final Duration PERMISSIONS_WAIT = Duration.ofSeconds(3);

  private final McpServerTransportProvider delegate;
  private final Supplier<Mono<Permissions>> permissions;

  PermittedTools(McpServerTransportProvider delegate, Supplier<Mono<Permissions>> permissions) {
    this.delegate = delegate;
    this.permissions = permissions;
  }

  @Override
  public void setSessionFactory(McpServerSession.Factory factory) {
    delegate.setSessionFactory(transport -> factory.create(new Filtering(transport)));
  }

  @Override
  public Mono<Void> notifyClients(String method, Object params) {
    return delegate.notifyClients(method, params);
  }

  /** Resource updates go to the subscribed session only. */
  @Override
  public Mono<Void> notifyClient(String sessionId, String method, Object params) {
    return delegate.notifyClient(sessionId, method, params);
  }

  @Override
  public Mono<Void> closeGracefully() {
    return delegate.closeGracefully();
  }

  @Override
  public void close() {
    delegate.close();
  }

  /** The versions of the SDK's stdio provider: from SDK 2.0 on, every one its server side implements. */
  @Override
  public List<String> protocolVersions() {
    return delegate.protocolVersions();
  }

  private final class Filtering implements McpServerTransport {

    private final McpServerTransport transport;

    Filtering(McpServerTransport transport) {
      this.transport = transport;
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
      if (message instanceof McpSchema.JSONRPCResponse response
          && response.result() instanceof McpSchema.ListToolsResult list) {
        return permissions.get().timeout(PERMISSIONS_WAIT)
            .map(known -> narrowed(response, list, known))
            .onErrorReturn(response)
            .flatMap(this::offer);
      }
      return offer(message);
    }

    /**
     * The SDK's stdio transport refuses ("Failed to enqueue message") a message offered while another thread
     * offers one for longer than it spins (100 ms in SDK 2.2). The bridge's notifications come from its own threads, beside the SDK's answers, so every
     * message is offered under one lock; once the transport is ready the offer happens within the subscription.
     */
    private Mono<Void> offer(McpSchema.JSONRPCMessage message) {
      return Mono.defer(() -> {
        CompletableFuture<Void> offered;
        synchronized (this) {
          offered = transport.sendMessage(message).toFuture();
        }
        return Mono.fromFuture(offered);
      });
    }

    private McpSchema.JSONRPCResponse narrowed(McpSchema.JSONRPCResponse response, McpSchema.ListToolsResult list,
        Permissions known) {
      List<McpSchema.Tool> allowed = list.tools().stream().filter(tool -> known.usesTool(tool.name())).toList();
      return new McpSchema.JSONRPCResponse(response.jsonrpc(), response.id(),
          new McpSchema.ListToolsResult(allowed, list.nextCursor(), list.meta()), null);
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
      return transport.unmarshalFrom(data, typeRef);
    }

    @Override
    public Mono<Void> closeGracefully() {
      return transport.closeGracefully();
    }

    @Override
    public void close() {
      transport.close();
    }

    @Override
    public List<String> protocolVersions() {
      return transport.protocolVersions();
    }
  }
}
