package dev.agentrelay.http.ops;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/** {@code 2026-11-24T22:31:05.123Z INFO Logger: message key=value …}, then any stack trace. */
final class TextLogFormatter extends Formatter {

  @Override
  public String format(LogRecord record) {
    StringBuilder line = new StringBuilder()
        .append(Instant.ofEpochMilli(record.getMillis())).append(' ')
        .append(record.getLevel().getName()).append(' ')
        .append(shortName(record.getLoggerName())).append(": ")
        .append(record.getMessage());
    LogFields.of(record).forEach((key, value) -> line.append(' ').append(key).append('=').append(value));
    line.append(System.lineSeparator());
    if (record.getThrown() != null) {
      StringWriter trace = new StringWriter();
      record.getThrown().printStackTrace(new PrintWriter(trace));
      line.append(trace);
    }
    return line.toString();
  }

  static String shortName(String loggerName) {
    if (loggerName == null) {
      return "relay";
    }
    int dot = loggerName.lastIndexOf('.');
    return dot < 0 ? loggerName : loggerName.substring(dot + 1);
  }
}
