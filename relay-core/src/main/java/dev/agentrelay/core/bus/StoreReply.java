package dev.agentrelay.core.bus;

import dev.agentrelay.core.RelayException;

/** The store's answer to one write or query: what it returned, or the failure it refused it with. */
public sealed interface StoreReply permits StoreReply.Done, StoreReply.Refused {

  /** {@code outcome} as a reply: a {@link RelayException} is a refusal, anything else (null too) the result. */
  static StoreReply of(Object outcome) {
    return outcome instanceof RelayException failure ? new Refused(failure) : new Done(outcome);
  }

  /** The command or query ran; {@code value} is its result, of the type its {@code R} names. */
  record Done(Object value) implements StoreReply {
  }

  /** The command or query was refused, or the store could not run it. */
  record Refused(RelayException failure) implements StoreReply {
  }
}
