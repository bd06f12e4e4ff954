package dev.agentrelay.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Making API keys and webhook secrets, and the one-way hash under which keys are stored. */
public final class ApiKeys {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String KEY_PREFIX = "ark_";
  private static final String SECRET_PREFIX = "whsec_";

  private ApiKeys() {
  }

  /** A new key: 256 random bits, URL-safe base64, with a prefix that secret scanners can spot. */
  public static String newKey() {
    return KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
  }

  /** A new Standard Webhooks secret: {@code whsec_} and base64 of 32 random bytes. */
  public static String newWebhookSecret() {
    return SECRET_PREFIX + Base64.getEncoder().encodeToString(randomBytes(32));
  }

  /** Hex SHA-256 of the key: what the store keeps and the directory looks keys up by. */
  public static String hash(String key) {
    return HexFormat.of().formatHex(sha256(key));
  }

  /** Compares a presented key with a stored hash in time independent of where they differ. */
  public static boolean matches(String key, String storedHash) {
    return MessageDigest.isEqual(sha256(key), HexFormat.of().parseHex(storedHash));
  }

  private static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
