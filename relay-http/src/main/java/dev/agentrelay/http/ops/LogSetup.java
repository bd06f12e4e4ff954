package dev.agentrelay.http.ops;

import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/** One line per log record on stderr: plain text, or one JSON object per line ({@code RELAY_LOG_FORMAT=json}). */
public final class LogSetup {

  /** Held so that JUL keeps its level: the MCP SDK logs every session's start at INFO. */
  private static final Logger MCP_SDK = Logger.getLogger("io.modelcontextprotocol");

  /**
   * Held likewise. Vert.x warns for each event-bus message that reaches a consumer just unregistered; a
   * long-poll or stream that has finished unregisters while deliveries may be on their way to it. Those
   * stay queued in the inbox, so the warning tells nothing and would cost a log line per delivery under load.
   */
  private static final Logger DISCARD_WARNINGS = Logger.getLogger("io.vertx.core.eventbus.impl.MessageConsumerImpl");

  private LogSetup() {
  }

  public static void configure(String format) {
    if (LogManager.getLogManager() instanceof RelayLogManager manager) {
      manager.resetForSetup();
    } else {
      LogManager.getLogManager().reset();
    }
    ConsoleHandler handler = new ConsoleHandler();
    handler.setLevel(Level.INFO);
    handler.setFormatter(formatter(format));
    Logger root = Logger.getLogger("");
    root.setLevel(Level.INFO);
    root.addHandler(handler);
    MCP_SDK.setLevel(Level.WARNING);
    DISCARD_WARNINGS.setLevel(Level.SEVERE);
  }

  public static Formatter formatter(String format) {
    return format.equals("json") ? new JsonLogFormatter() : new TextLogFormatter();
  }
}
