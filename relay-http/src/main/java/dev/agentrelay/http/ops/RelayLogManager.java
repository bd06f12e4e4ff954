package dev.agentrelay.http.ops;

import java.util.logging.LogManager;

/**
 * The JDK's LogManager closes every handler from its own shutdown hook, racing the relay's hook, so the
 * lines that say how the relay stopped would be lost. This one resets only when asked.
 */
public final class RelayLogManager extends LogManager {

  private volatile boolean resetAllowed;

  @Override
  public void reset() {
    if (resetAllowed) {
      super.reset();
    }
  }

  /** Clears the default console handler once at start, before the relay's own is added. */
  void resetForSetup() {
    resetAllowed = true;
    try {
      super.reset();
    } finally {
      resetAllowed = false;
    }
  }
}
