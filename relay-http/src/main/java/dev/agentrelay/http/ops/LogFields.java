package dev.agentrelay.http.ops;

import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Structured fields carried by a log record as its single {@link Map} parameter. */
final class LogFields {

  private LogFields() {
  }

  static void log(Logger logger, Level level, String message, Map<String, Object> fields) {
    if (logger.isLoggable(level)) {
      LogRecord record = new LogRecord(level, message);
      record.setLoggerName(logger.getName());
      record.setParameters(new Object[] {fields});
      logger.log(record);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> of(LogRecord record) {
    Object[] parameters = record.getParameters();
    if (parameters != null && parameters.length == 1 && parameters[0] instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    return Map.of();
  }
}
