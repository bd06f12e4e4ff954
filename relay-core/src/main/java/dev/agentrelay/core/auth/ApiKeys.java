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
  // every request hashes its key: one digest per thread, not a provider lookup each time
  private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(ApiKeys::newSha256);

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

  /** Compares two key hashes in time independent of where they differ. */
  public static boolean sameHash(String hash, String storedHash) {
    return MessageDigest.isEqual(hash.getBytes(StandardCharsets.US_ASCII),
        storedHash.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] sha256(String key) {
    return SHA_256.get().digest(key.getBytes(StandardCharsets.UTF_8));
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
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
