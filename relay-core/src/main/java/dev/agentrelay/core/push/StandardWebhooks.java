package dev.agentrelay.core.push;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures: {@code v1,} and the base64 HMAC-SHA256 of {@code id.timestamp.body}. A secret
 * in the {@code whsec_} form is keyed with the base64-decoded part after the prefix; any other secret (an A2A
 * push config's token) with its UTF-8 bytes.
 */
public final class StandardWebhooks {

  public static final String SECRET_PREFIX = "whsec_";

  private StandardWebhooks() {
  }

  public static String sign(String secret, String id, long timestampSeconds, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
      mac.update((id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has HmacSHA256", e);
    }
  }

  static byte[] key(String secret) {
    if (secret.startsWith(SECRET_PREFIX)) {
      return Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
    }
    return secret.getBytes(StandardCharsets.UTF_8);
  }
}
