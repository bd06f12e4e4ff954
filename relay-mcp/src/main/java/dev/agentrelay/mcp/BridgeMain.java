package dev.agentrelay.mcp;

import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code java -jar relay-mcp.jar}: an MCP server on stdin/stdout whose tools act on the relay as one agent.
 * Standard output carries protocol messages only; everything else goes to standard error.
 */
public final class BridgeMain {

  static {
    // one line per record; JUL's console handler writes to stderr
    System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s relay-mcp: %5$s%6$s%n");
  }

  private static final Logger LOG = Logger.getLogger(BridgeMain.class.getName());
  /** Held so that JUL keeps its level: the SDK logs routine protocol steps at INFO. */
  private static final Logger MCP_SDK = Logger.getLogger("io.modelcontextprotocol");
  private static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

  private BridgeMain() {
  }

  public static void main(String[] args) {
    long started = System.nanoTime();
    MCP_SDK.setLevel(Level.WARNING);
    PrintStream protocol = System.out;
    System.setOut(System.err); // a library that prints cannot corrupt the protocol stream
    BridgeConfig config;
    try {
      config = BridgeConfig.from(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("relay-mcp: " + e.getMessage());
      System.exit(2);
      return;
    }
    JdkRelayApi api = new JdkRelayApi(config.relayUrl(), config.apiKey());
    BridgePermissions permissions = new BridgePermissions(api, config.agentId());
    // learn them, HTTP client and all, while the MCP server is built and the client starts up
    Thread learner = new Thread(permissions::current, "relay-permissions");
    learner.setDaemon(true);
    learner.start();
    // the client's notifications/initialized may be read before the follower exists: it starts once both are
    CompletableFuture<InboxFollower> follower = new CompletableFuture<>();
    StdinLines input = new StdinLines(System.in, MAX_LINE_BYTES, BridgeMain::stop,
        new InitializedWatch(() -> follower.thenAccept(InboxFollower::start)));
    BridgeServer.Started server = BridgeServer.start(config.agentId(), config.channel(), api, permissions, input,
        protocol);
    follower.complete(InboxPush.follower(server, config.channel(), api::http, api::location, config.apiKey()));
    LOG.info("agent '" + config.agentId() + "' via " + config.relayUrl() + (config.channel() ? ", as a channel" : "")
        + ", ready in "
        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms");
  }

  /** The client closed stdin: the session is over, and the SDK writes nothing more. */
  private static void stop() {
    LOG.info("stdin closed; stopping");
    System.exit(0);
  }
}
