package dev.agentrelay.http.mcp;

import dev.agentrelay.core.RelayVersion;
import dev.agentrelay.core.bus.AgentDirectory;
import dev.agentrelay.core.config.RelayConfig;
import dev.agentrelay.core.tools.RelayTools;
import dev.agentrelay.http.StreamSlots;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.RoutingContext;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * The relay's own MCP endpoint, {@code /mcp}: the same tools as the stdio bridge over Streamable HTTP, and the
 * inbox as the resource {@code relay://inbox}; one server and one set of sessions for every HTTP verticle instance
 * of the relay. It speaks MCP 2024-11-05 to 2025-11-25 through the SDK's server and transport provider, and the
 * stateless 2026-07-28 through the SDK's modern server ({@link McpModernServer}) behind {@link McpStateless}.
 *
 * <p>The tools call the relay's REST API over loopback with the caller's own key, exactly as the bridge does
 * from outside: authentication, trust tiers, idempotency and the long-poll wait are then those of REST with no
 * second path to keep in step, at the cost of one local HTTP hop per call. The rate limit is paid and the key
 * checked once, by the {@code /mcp} request: its loopback calls carry a pass of that request
 * ({@link McpCallPasses}).
 */
public final class McpHttp {

  public static final String PATH = "/mcp";
  /** Long polls hold a loopback connection each for up to a minute; they must not queue behind each other. */
  private static final int LOOPBACK_CONNECTIONS = 512;

  private final HttpClient loopbackClient;
  private final McpTransport transport;
  private final McpAsyncServer server;
  private final io.modelcontextprotocol.modern.server.McpServer modernServer;
  private final McpOriginCheck originCheck;
  private final McpCallPasses callPasses;

  /**
   * {@code config} carries the port the relay actually listens on; the relay's own address is looked up first.
   * A session's GET stream and a {@code subscriptions/listen} stream each hold one of {@code streamSlots}.
   */
  public static Future<McpHttp> create(Vertx vertx, RelayConfig config, AgentDirectory agents,
      StreamSlots streamSlots) {
    return vertx.executeBlocking(() -> loopback(config))
        .map(self -> new McpHttp(vertx, config, self, agents, streamSlots));
  }

  private McpHttp(Vertx vertx, RelayConfig config, URI self, AgentDirectory agents, StreamSlots streamSlots) {
    callPasses = new McpCallPasses(agents);
    loopbackClient = vertx.createHttpClient(loopbackOptions(config, self),
        new PoolOptions().setHttp1MaxSize(LOOPBACK_CONNECTIONS));
    RelayClient relay = new RelayClient(loopbackClient, self);
    McpJsonMapper mapper = McpJsonDefaults.getMapper();
    modernServer = McpModernServer.create(mapper, relay::as);
    McpStateless stateless = new McpStateless(vertx, mapper, callPasses, modernServer,
        new McpListenStream(vertx, agents, mapper, config.sseKeepAliveMillis(), streamSlots));
    transport = new McpTransport(vertx, mapper, agents, config.sseKeepAliveMillis(), callPasses, stateless,
        streamSlots);
    server = McpServer.async(transport)
        .serverInfo("agent-relay", RelayVersion.VERSION)
        .instructions(RelayTools.INSTRUCTIONS)
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).resources(true, false).build())
        .jsonMapper(mapper)
        // the core checks a tool's arguments and says what is wrong in the relay's words (API.md's errors)
        .validateToolInputs(false)
        .tools(McpTools.all(mapper, relay::as))
        .resources(McpInboxResource.spec(relay::as))
        .build();
    originCheck = new McpOriginCheck(config.mcpAllowedOrigins());
  }

  /**
   * The relay's own root as a literal address: loopback when it listens on every address, else the address
   * it is bound to (a host name is looked up, as binding did, so this may block). A literal is what lets the
   * client below skip host verification: no name is there to be spoofed.
   */
  public static URI loopback(RelayConfig config) throws UnknownHostException {
    String host = config.host();
    InetAddress bound = InetAddress.getByName(host.startsWith("[") && host.endsWith("]")
        ? host.substring(1, host.length() - 1) : host);
    // the address alone: a URI cannot carry an IPv6 scope
    InetAddress self = InetAddress.getByAddress(bound.isAnyLocalAddress() ? new byte[] {127, 0, 0, 1}
        : bound.getAddress());
    String literal = self instanceof Inet6Address ? "[" + self.getHostAddress() + "]" : self.getHostAddress();
    return URI.create((config.tlsCert() != null ? "https" : "http") + "://" + literal + ":" + config.port());
  }

  /**
   * Under TLS the loopback client trusts the relay's own certificate and nothing else. The certificate is
   * issued for the relay's public name, not for the literal address called, hence no host verification.
   */
  public static HttpClientOptions loopbackOptions(RelayConfig config, URI self) {
    HttpClientOptions options = RelayClient.options(self);
    if (config.tlsCert() != null) {
      options.setTrustOptions(new PemTrustOptions().addCertPath(config.tlsCert().toString())).setVerifyHost(false);
    }
    return options;
  }

  public Handler<RoutingContext> originCheck() {
    return originCheck;
  }

  /**
   * What lets the tools' loopback REST calls skip the rate-limit token their {@code /mcp} request paid and the
   * check of the key it made.
   */
  public McpCallPasses callPasses() {
    return callPasses;
  }

  public void post(RoutingContext ctx) {
    transport.post(ctx);
  }

  public void get(RoutingContext ctx) {
    transport.get(ctx);
  }

  public void delete(RoutingContext ctx) {
    transport.delete(ctx);
  }

  public Future<Void> close() {
    modernServer.closeGracefully(); // ends the listen streams, each with its final result
    return Future.fromCompletionStage(server.closeGracefully().toFuture()).transform(v -> loopbackClient.close());
  }
}
