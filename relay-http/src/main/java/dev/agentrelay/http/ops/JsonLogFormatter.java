package dev.agentrelay.http.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.json.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/** One JSON object per line: {@code ts}, {@code level}, {@code logger}, {@code msg}, structured fields, {@code error}. */
final class JsonLogFormatter extends Formatter {

  @Override
  public String format(LogRecord record) {
    ObjectNode line = Json.object()
        .put("ts", Instant.ofEpochMilli(record.getMillis()).toString())
        .put("level", record.getLevel().getName())
        .put("logger", TextLogFormatter.shortName(record.getLoggerName()))
        .put("msg", record.getMessage());
    LogFields.of(record).forEach((key, value) -> line.putPOJO(key, value));
    if (record.getThrown() != null) {
      StringWriter trace = new StringWriter();
      record.getThrown().printStackTrace(new PrintWriter(trace));
      line.put("error", trace.toString());
    }
    return Json.write(line) + System.lineSeparator();
  }
}
