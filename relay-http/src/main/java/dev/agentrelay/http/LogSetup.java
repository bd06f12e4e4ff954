package dev.agentrelay.http;

import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/** One line per log record on stderr: plain text, or one JSON object per line ({@code RELAY_LOG_FORMAT=json}). */
public final class LogSetup {

  /** Held so that JUL keeps its level: the MCP SDK logs every session's start at INFO. */
  private static final Logger MCP_SDK = Logger.getLogger("io.modelcontextprotocol");

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
  }

  static Formatter formatter(String format) {
    return format.equals("json") ? new JsonLogFormatter() : new TextLogFormatter();
  }
}
