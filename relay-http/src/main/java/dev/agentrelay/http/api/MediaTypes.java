package dev.agentrelay.http.api;

import dev.agentrelay.core.Failure;
import dev.agentrelay.core.RelayException;
import java.util.Locale;

/** The one media type the API reads: JSON ({@code application/json} or any {@code +json}) in UTF-8. */
final class MediaTypes {

  private static final int MAX_ECHO = 100;

  private MediaTypes() {
  }

  /** A 415 unless {@code contentType} names JSON, with no charset or UTF-8. */
  static void requireJson(String contentType) {
    if (contentType == null) {
      throw unsupported("send the body as Content-Type: application/json (got none)");
    }
    String[] parts = contentType.split(";");
    String mediaType = parts[0].trim().toLowerCase(Locale.ROOT);
    if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
      throw unsupported("send the body as Content-Type: application/json (got '" + echo(contentType) + "')");
    }
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].trim().toLowerCase(Locale.ROOT);
      if (parameter.startsWith("charset=") && !isUtf8(parameter.substring("charset=".length()))) {
        throw unsupported("send the body in UTF-8 (got '" + echo(contentType) + "')");
      }
    }
  }

  private static boolean isUtf8(String charset) {
    String name = charset.trim();
    if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
      name = name.substring(1, name.length() - 1);
    }
    return name.equals("utf-8") || name.equals("utf8");
  }

  private static RelayException unsupported(String detail) {
    return new RelayException(Failure.UNSUPPORTED_MEDIA_TYPE, null, detail);
  }

  private static String echo(String contentType) {
    return contentType.length() <= MAX_ECHO ? contentType : contentType.substring(0, MAX_ECHO) + "…";
  }
}
