package dev.agentrelay.core.service;

import dev.agentrelay.core.RelayException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque page cursors: a position, base64url-encoded so that callers do not build them by hand. */
public final class Cursors {

  private static final String PREFIX = "p:";

  private Cursors() {
  }

  public static String encode(Long position) {
    if (position == null) {
      return null;
    }
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((PREFIX + position).getBytes(StandardCharsets.UTF_8));
  }

  /** The position in a cursor this class made; 400 for anything else. */
  public static Long decode(String cursor) {
    if (cursor == null) {
      return null;
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (text.startsWith(PREFIX)) {
        return Long.parseLong(text.substring(PREFIX.length()));
      }
    } catch (IllegalArgumentException e) {
      // falls through to the refusal below
    }
    throw RelayException.badRequest("'cursor' is not a cursor this relay gave out");
  }
}
