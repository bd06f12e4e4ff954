package dev.agentrelay.http.mcp;

import dev.agentrelay.core.Failure;
import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.bus.AgentDirectory;
import dev.agentrelay.core.model.Agent;
import dev.agentrelay.core.tools.InboxResource;
import dev.agentrelay.http.KeyWatch;
import dev.agentrelay.http.api.Requests;
import dev.agentrelay.http.StreamSlots;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.HttpHeaders;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import reactor.core.publisher.Mono;

/**
 * The SDK's Streamable HTTP server transport on Vert.x, mirroring its servlet provider: POST carries client
 * messages (an initialize opens a session, named by the {@code Mcp-Session-Id} header of the answer; a
 * request is answered on a server-sent-event stream), GET opens a session's stream for server messages, DELETE
 * ends a session. Each session belongs to the agent whose key opened it; another agent's key cannot use it.
 * A session subscribed to {@code relay://inbox} hears of its agent's new deliveries on its GET stream
 * ({@link McpInboxSubscriptions}). Requests of the stateless revision 2026-07-28, which the SDK serves with
 * another server, go to {@link McpStateless} after the same checks.
 */
final class McpTransport implements McpStreamableServerTransportProvider {

  static final String AGENT = "relay.agent";
  static final String API_KEY = "relay.apiKey";
  static final String PASS = "relay.mcpPass";
  private static final Logger LOG = Logger.getLogger(McpTransport.class.getName());

  private final Vertx vertx;
  private final McpJsonMapper mapper;
  private final McpSessions sessions;
  private final AgentDirectory agents;
  private final long keepAliveMillis;
  private final McpCallPasses passes;
  private final McpMessageReader reader;
  private final McpInboxSubscriptions subscriptions;
  private final McpStateless stateless;
  private final StreamSlots streamSlots;
  private volatile McpStreamableServerSession.Factory factory;

  McpTransport(Vertx vertx, McpJsonMapper mapper, AgentDirectory agents, long keepAliveMillis,
      McpCallPasses passes, McpStateless stateless, StreamSlots streamSlots) {
    this.vertx = vertx;
    this.mapper = mapper;
    this.subscriptions = new McpInboxSubscriptions(vertx);
    this.sessions = new McpSessions(subscriptions::ended);
    this.agents = agents;
    this.keepAliveMillis = keepAliveMillis;
    this.passes = passes;
    this.reader = new McpMessageReader(mapper);
    this.stateless = stateless;
    this.streamSlots = streamSlots;
  }

  @Override
  public List<String> protocolVersions() {
    return McpVersions.LEGACY;
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
    Agent caller = caller(ctx);
    if (caller == null || !McpChecks.isJson(ctx)) {
      return;
    }
    // the message first, so that the errors of the other header checks can echo its id
    McpSchema.JSONRPCMessage message = reader.read(ctx);
    if (message == null || !McpChecks.acceptsJsonAndEvents(ctx) || !McpChecks.knownVersion(ctx)) {
      return;
    }
    if (McpStateless.isModern(ctx, message)) {
      stateless.handle(ctx, caller, message);
      return;
    }
    if (message instanceof McpSchema.JSONRPCRequest request && McpSchema.METHOD_INITIALIZE.equals(request.method())) {
      initialize(ctx, caller, request);
      return;
    }
    McpStreamableServerSession session = sessions.find(ctx, caller);
    if (session != null && (!(message instanceof McpSchema.JSONRPCRequest request)
        || subscription(ctx, caller, session, request))) {
      dispatch(ctx, caller, session, message);
    }
  }

  /**
   * Keeps the session's subscription to {@code relay://inbox} for {@code resources/subscribe} and
   * {@code unsubscribe}, then lets the SDK answer them; refuses other URIs, and the subscription of an agent that
   * may not read the inbox. Any other request passes untouched.
   */
  private boolean subscription(RoutingContext ctx, Agent caller, McpStreamableServerSession session,
      McpSchema.JSONRPCRequest request) {
    boolean subscribe = McpSchema.METHOD_RESOURCES_SUBSCRIBE.equals(request.method());
    if (!subscribe && !McpSchema.METHOD_RESOURCES_UNSUBSCRIBE.equals(request.method())) {
      return true;
    }
    Object uri = ((Map<?, ?>) request.params()).get("uri");
    if (!InboxResource.URI.equals(uri)) {
      McpReplies.error(ctx, 200, McpSchema.ErrorCodes.RESOURCE_NOT_FOUND, "no resource '" + uri + "'; this server"
          + " has " + InboxResource.URI);
      return false;
    }
    if (!subscribe) {
      subscriptions.unsubscribe(session.getId());
    } else if (McpInboxResource.readableBy(caller)) {
      subscriptions.subscribe(session, caller.agentId());
    } else {
      McpReplies.error(ctx, 200, McpReplies.INVALID_REQUEST, McpInboxResource.notReadable(caller));
      return false;
    }
    return true;
  }

  /**
   * A request is answered on an event stream; notifications and responses are acknowledged with 202, or refused
   * with 400 when the session cannot take them (a response to no request of it, say).
   */
  private void dispatch(RoutingContext ctx, Agent caller, McpStreamableServerSession session,
      McpSchema.JSONRPCMessage message) {
    if (message instanceof McpSchema.JSONRPCRequest request) {
      McpSseStream stream = new McpSseStream(here(), ctx.response(), mapper, caller.permissions(), s -> { });
      subscribe(ctx, caller, session.responseStream(stream).handle(request), () -> { }, failure -> fail(ctx, failure));
    } else if (message instanceof McpSchema.JSONRPCNotification notification) {
      subscribe(ctx, caller, session.accept(notification), () -> McpReplies.accepted(ctx), failure -> refuse(ctx,
          failure, "the relay could not act on notification '" + notification.method() + "'"));
    } else if (message instanceof McpSchema.JSONRPCResponse response) {
      subscribe(ctx, caller, session.accept(response), () -> McpReplies.accepted(ctx), failure -> refuse(ctx,
          failure, "no request of this session awaits a response with this id"));
    }
  }

  /** {@code params} are complete: {@link McpMessageReader} checked them. */
  private void initialize(RoutingContext ctx, Agent caller, McpSchema.JSONRPCRequest request) {
    McpSchema.InitializeRequest params = mapper.convertValue(request.params(), new TypeRef<>() {
    });
    McpStreamableServerSession.McpStreamableServerSessionInit init = factory.startSession(params);
    sessions.add(init.session(), caller);
    Context context = here();
    init.initResult().contextWrite(c -> c.put(McpTransportContext.KEY, transportContext(ctx, caller))).subscribe(
        result -> context.runOnContext(v -> {
          ctx.response().putHeader(HttpHeaders.MCP_SESSION_ID, init.session().getId());
          McpReplies.json(ctx, 200, write(new McpSchema.JSONRPCResponse(McpSchema.JSONRPC_VERSION, request.id(),
              result, null)));
        }),
        failure -> context.runOnContext(v -> fail(ctx, failure)));
  }

  void get(RoutingContext ctx) {
    Agent caller = caller(ctx);
    if (caller == null || !McpChecks.notModern(ctx) || !McpChecks.acceptsEvents(ctx)
        || !McpChecks.knownVersion(ctx)) {
      return;
    }
    McpStreamableServerSession session = sessions.find(ctx, caller);
    if (session == null) {
      return;
    }
    // counts against the same per-agent limit as the inbox streams; refused with 429 before anything starts
    streamSlots.take(caller.agentId());
    long[] timer = new long[1];
    KeyWatch keyWatch = new KeyWatch(vertx, agents, ctx);
    McpSseStream stream = new McpSseStream(here(), ctx.response(), mapper, caller.permissions(), closed -> {
      vertx.cancelTimer(timer[0]);
      keyWatch.stop();
      subscriptions.streamClosed(session.getId());
      streamSlots.release(caller.agentId());
    });
    McpStreamableServerSession.McpStreamableServerSessionStream listening = session.listeningStream(stream);
    subscriptions.streamOpened(session.getId());
    // replaces the stream's own close handler, so it ends the stream too: that is what frees its slot
    ctx.response().closeHandler(gone -> {
      listening.close();
      stream.close();
    });
    timer[0] = vertx.setPeriodic(keepAliveMillis, tick -> stream.keepAlive());
    stream.open();
    keyWatch.start(() -> {
      listening.close();
      stream.close();
    });
  }

  void delete(RoutingContext ctx) {
    Agent caller = caller(ctx);
    if (caller == null || !McpChecks.notModern(ctx) || !McpChecks.knownVersion(ctx)) {
      return;
    }
    McpStreamableServerSession session = sessions.find(ctx, caller);
    if (session == null) {
      return;
    }
    sessions.remove(session.getId());
    subscribe(ctx, caller, session.delete(), () -> ctx.response().setStatusCode(200).end(),
        failure -> fail(ctx, failure));
  }

  /**
   * The agent the Authenticator found. The routes of {@code /mcp} run it first, so none is a wiring mistake: the
   * request fails closed with 401 and null is returned.
   */
  private static Agent caller(RoutingContext ctx) {
    Agent agent = Requests.actor(ctx);
    if (agent == null || ctx.get(Requests.API_KEY) == null) {
      ctx.fail(new RelayException(Failure.UNAUTHORIZED, "missing_key",
          "send your API key as 'Authorization: Bearer <api_key>'"));
      return null;
    }
    return agent;
  }

  /** Runs {@code work} with the caller in the SDK's context; answers on the request's event loop. */
  private void subscribe(RoutingContext ctx, Agent caller, Mono<Void> work, Runnable done,
      Consumer<Throwable> failed) {
    Context context = here();
    work.contextWrite(c -> c.put(McpTransportContext.KEY, transportContext(ctx, caller))).subscribe(
        null,
        failure -> context.runOnContext(v -> failed.accept(failure)),
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

  /** A message the session would not take: the client's mistake, told in {@code sentence}; the cause is logged. */
  private static void refuse(RoutingContext ctx, Throwable failure, String sentence) {
    LOG.log(Level.FINE, "MCP message refused", failure);
    if (!ctx.response().headWritten()) {
      McpReplies.error(ctx, 400, McpReplies.INVALID_REQUEST, sentence);
    }
  }

  /**
   * What the tools need to act for the caller, for this request only: the agent, its key, and the pass that
   * spares their loopback calls the rate-limit token this request has paid.
   */
  private McpTransportContext transportContext(RoutingContext ctx, Agent caller) {
    return McpTransportContext.create(Map.of(AGENT, caller, API_KEY, ctx.<String>get(Requests.API_KEY),
        PASS, passes.issue(ctx, caller)));
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
