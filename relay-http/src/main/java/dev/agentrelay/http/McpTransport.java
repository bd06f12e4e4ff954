package dev.agentrelay.http;

import dev.agentrelay.core.auth.AgentDirectory;
import dev.agentrelay.core.model.Agent;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.HttpHeaders;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.ProtocolVersions;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import reactor.core.publisher.Mono;

/**
 * The SDK's Streamable HTTP server transport on Vert.x, mirroring its servlet provider: POST carries client
 * messages (an initialize opens a session, named by the {@code Mcp-Session-Id} header of the answer; a
 * request is answered on a server-sent-event stream), GET opens a session's stream for server messages, DELETE
 * ends a session. Each session belongs to the agent whose key opened it; another agent's key cannot use it.
 */
final class McpTransport implements McpStreamableServerTransportProvider {

  static final String AGENT = "relay.agent";
  static final String API_KEY = "relay.apiKey";
  private static final Logger LOG = Logger.getLogger(McpTransport.class.getName());
  private static final List<String> VERSIONS = List.of(ProtocolVersions.MCP_2024_11_05,
      ProtocolVersions.MCP_2025_03_26, ProtocolVersions.MCP_2025_06_18, ProtocolVersions.MCP_2025_11_25);

  private final Vertx vertx;
  private final McpJsonMapper mapper;
  private final McpSessions sessions;
  private final AgentDirectory agents;
  private final long keepAliveMillis;
  private volatile McpStreamableServerSession.Factory factory;

  McpTransport(Vertx vertx, McpJsonMapper mapper, AgentDirectory agents, long keepAliveMillis) {
    this.vertx = vertx;
    this.mapper = mapper;
    this.sessions = new McpSessions();
    this.agents = agents;
    this.keepAliveMillis = keepAliveMillis;
  }

  @Override
  public List<String> protocolVersions() {
    return VERSIONS;
  }

  @Override
  public void setSessionFactory(McpStreamableServerSession.Factory sessionFactory) {
    this.factory = sessionFactory;
  }

  @Override
  public Mono<Void> notifyClients(String method, Object params) {
    return Mono.whenDelayError(sessions.all().stream().map(s -> s.sendNotification(method, params)).toList());
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.whenDelayError(sessions.removeAll().stream().map(McpStreamableServerSession::closeGracefully)
        .toList());
  }

  void post(RoutingContext ctx) {
    if (!McpChecks.acceptsJsonAndEvents(ctx) || !McpChecks.isJson(ctx) || !McpChecks.knownVersion(ctx, VERSIONS)) {
      return;
    }
    McpSchema.JSONRPCMessage message = read(ctx);
    if (message instanceof McpSchema.JSONRPCRequest request && McpSchema.METHOD_INITIALIZE.equals(request.method())) {
      initialize(ctx, request);
      return;
    }
    McpStreamableServerSession session = message == null ? null : sessions.find(ctx, agent(ctx));
    if (session != null) {
      dispatch(ctx, session, message);
    }
  }

  /** The message, or null after answering 400. */
  private McpSchema.JSONRPCMessage read(RoutingContext ctx) {
    try {
      return McpSchema.deserializeJsonRpcMessage(mapper, ctx.body().asString());
    } catch (Exception e) {
      McpReplies.error(ctx, 400, McpReplies.PARSE_ERROR, "not a JSON-RPC message: " + e.getMessage());
      return null;
    }
  }

  /** A request is answered on an event stream; notifications and responses are acknowledged with 202. */
  private void dispatch(RoutingContext ctx, McpStreamableServerSession session, McpSchema.JSONRPCMessage message) {
    if (message instanceof McpSchema.JSONRPCRequest request) {
      McpSseStream stream = new McpSseStream(here(), ctx.response(), mapper, agent(ctx).permissions(), s -> { });
      subscribe(ctx, session.responseStream(request, stream), () -> { });
    } else if (message instanceof McpSchema.JSONRPCNotification notification) {
      subscribe(ctx, session.accept(notification), () -> McpReplies.accepted(ctx));
    } else if (message instanceof McpSchema.JSONRPCResponse response) {
      subscribe(ctx, session.accept(response), () -> McpReplies.accepted(ctx));
    }
  }

  private void initialize(RoutingContext ctx, McpSchema.JSONRPCRequest request) {
    McpSchema.InitializeRequest params;
    try {
      params = mapper.convertValue(request.params(), new TypeRef<>() {
      });
    } catch (IllegalArgumentException e) {
      McpReplies.error(ctx, 400, McpReplies.INVALID_PARAMS, "initialize needs protocolVersion, capabilities and"
          + " clientInfo: " + e.getMessage());
      return;
    }
    McpStreamableServerSession.McpStreamableServerSessionInit init = factory.startSession(params);
    sessions.add(init.session(), agent(ctx));
    Context context = here();
    init.initResult().contextWrite(c -> c.put(McpTransportContext.KEY, transportContext(ctx))).subscribe(
        result -> context.runOnContext(v -> {
          ctx.response().putHeader(HttpHeaders.MCP_SESSION_ID, init.session().getId());
          McpReplies.json(ctx, 200, write(new McpSchema.JSONRPCResponse(McpSchema.JSONRPC_VERSION, request.id(),
              result, null)));
        }),
        failure -> context.runOnContext(v -> fail(ctx, failure)));
  }

  void get(RoutingContext ctx) {
    if (!McpChecks.acceptsEvents(ctx) || !McpChecks.knownVersion(ctx, VERSIONS)) {
      return;
    }
    McpStreamableServerSession session = sessions.find(ctx, agent(ctx));
    if (session == null) {
      return;
    }
    long[] timer = new long[1];
    KeyWatch keyWatch = new KeyWatch(vertx, agents, ctx);
    McpSseStream stream = new McpSseStream(here(), ctx.response(), mapper, agent(ctx).permissions(), closed -> {
      vertx.cancelTimer(timer[0]);
      keyWatch.stop();
    });
    McpStreamableServerSession.McpStreamableServerSessionStream listening = session.listeningStream(stream);
    ctx.response().closeHandler(gone -> listening.close());
    timer[0] = vertx.setPeriodic(keepAliveMillis, tick -> stream.keepAlive());
    stream.open();
    keyWatch.start(() -> {
      listening.close();
      stream.close();
    });
  }

  void delete(RoutingContext ctx) {
    if (!McpChecks.knownVersion(ctx, VERSIONS)) {
      return;
    }
    McpStreamableServerSession session = sessions.find(ctx, agent(ctx));
    if (session == null) {
      return;
    }
    sessions.remove(session.getId());
    subscribe(ctx, session.delete(), () -> ctx.response().setStatusCode(200).end());
  }

  /** Runs {@code work} with the caller in the SDK's context; answers on the request's event loop. */
  private void subscribe(RoutingContext ctx, Mono<Void> work, Runnable done) {
    Context context = here();
    work.contextWrite(c -> c.put(McpTransportContext.KEY, transportContext(ctx))).subscribe(
        null,
        failure -> context.runOnContext(v -> fail(ctx, failure)),
        () -> context.runOnContext(v -> done.run()));
  }

  private void fail(RoutingContext ctx, Throwable failure) {
    LOG.log(Level.WARNING, "MCP request failed", failure);
    if (!ctx.response().headWritten()) {
      McpReplies.error(ctx, 500, McpReplies.INTERNAL_ERROR, "the relay failed on this MCP message; see its log");
    } else if (!ctx.response().ended()) {
      ctx.response().end();
    }
  }

  /** What the tools need to act for the caller: the agent and its key, for this request only. */
  private static McpTransportContext transportContext(RoutingContext ctx) {
    return McpTransportContext.create(Map.of(AGENT, agent(ctx), API_KEY, ctx.<String>get(Requests.API_KEY)));
  }

  private static Agent agent(RoutingContext ctx) {
    return Requests.actor(ctx);
  }

  private String write(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot encode an MCP answer", e);
    }
  }

  private Context here() {
    return vertx.getOrCreateContext();
  }
}
