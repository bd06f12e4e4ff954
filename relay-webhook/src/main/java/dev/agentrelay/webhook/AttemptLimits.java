package dev.agentrelay.webhook;

/**
 * What one webhook attempt may cost the relay, since the endpoint is not trusted: one deadline for all of it
 * (resolving, connecting, sending, the answer's headers and body), and how much of the answer's body is read.
 */
record AttemptLimits(long deadlineMillis, int maxBodyBytes) {

  /** 10 seconds in all, and 64 KiB of an answer nobody reads anyway. */
  static final AttemptLimits DEFAULT = new AttemptLimits(10_000, 64 * 1024);

  AttemptLimits {
    if (deadlineMillis < 1 || maxBodyBytes < 0) {
      throw new IllegalArgumentException("an attempt needs a positive deadline and a body cap of at least 0");
    }
  }
}
