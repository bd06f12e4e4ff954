package dev.agentrelay.http;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** One line per log record on stderr. */
final class LogSetup {

  /** Held so that JUL keeps its level: the MCP SDK logs every session's start at INFO. */
  private static final Logger MCP_SDK = Logger.getLogger("io.modelcontextprotocol");

  private LogSetup() {
  }

  static void configure() {
    if (LogManager.getLogManager() instanceof RelayLogManager manager) {
      manager.resetForSetup();
    } else {
      LogManager.getLogManager().reset();
    }
    ConsoleHandler handler = new ConsoleHandler();
    handler.setLevel(Level.INFO);
    handler.setFormatter(new LineFormatter());
    Logger root = Logger.getLogger("");
    root.setLevel(Level.INFO);
    root.addHandler(handler);
    MCP_SDK.setLevel(Level.WARNING);
  }

  private static final class LineFormatter extends Formatter {
    @Override
    public String format(LogRecord record) {
      StringBuilder line = new StringBuilder()
          .append(Instant.ofEpochMilli(record.getMillis())).append(' ')
          .append(record.getLevel().getName()).append(' ')
          .append(shortName(record.getLoggerName())).append(": ")
          .append(formatMessage(record)).append(System.lineSeparator());
      if (record.getThrown() != null) {
        StringWriter trace = new StringWriter();
        record.getThrown().printStackTrace(new PrintWriter(trace));
        line.append(trace);
      }
      return line.toString();
    }

    private static String shortName(String loggerName) {
      if (loggerName == null) {
        return "relay";
      }
      int dot = loggerName.lastIndexOf('.');
      return dot < 0 ? loggerName : loggerName.substring(dot + 1);
    }
  }
}
