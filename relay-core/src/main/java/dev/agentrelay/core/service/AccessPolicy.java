package dev.agentrelay.core.service;

import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.model.Agent;
import dev.agentrelay.core.model.Task;

/**
 * The trust-tier rules of API.md in one place. Tier 1 may do anything; tiers 2 and 3 send only to their
 * {@code can_send_to} and are heard only by recipients whose {@code can_read_from} names them; parties of
 * a task may always talk to each other inside it.
 */
public final class AccessPolicy {

  private AccessPolicy() {
  }

  /** A new task or direct message from {@code sender} to {@code recipient}. */
  public static void checkMaySend(Agent sender, Agent recipient) {
    if (sender.isTier1()) {
      return;
    }
    if (!sender.permissions().sendsTo(recipient.agentId())) {
      throw RelayException.forbidden("agent '" + sender.agentId() + "' may not send to '" + recipient.agentId()
          + "' (not in its can_send_to)");
    }
    if (!accepts(recipient, sender)) {
      throw RelayException.forbidden("agent '" + recipient.agentId() + "' does not accept messages from '"
          + sender.agentId() + "' (not in its can_read_from)");
    }
  }

  /** Whether {@code recipient} hears {@code sender}: its can_read_from filters senders of tiers 2 and 3. */
  public static boolean accepts(Agent recipient, Agent sender) {
    return sender.isTier1() || recipient.permissions().readsFrom(sender.agentId());
  }

  /** Whether a broadcast from {@code sender} reaches {@code recipient}. */
  public static boolean broadcastReaches(Agent sender, Agent recipient) {
    if (sender.agentId().equals(recipient.agentId())) {
      return false;
    }
    return sender.isTier1() || sender.permissions().sendsTo(recipient.agentId()) && accepts(recipient, sender);
  }

  public static void checkMayBroadcast(Agent sender) {
    if (sender.trustTier() == 3) {
      throw RelayException.forbidden("tier-3 agents may not broadcast");
    }
  }

  /** Reading a task, its thread, or adding to it: its parties, and tier 1. */
  public static void checkMayUseTask(Agent actor, Task task) {
    if (!actor.isTier1() && !task.isParty(actor.agentId())) {
      throw RelayException.forbidden("agent '" + actor.agentId() + "' is not a party to task '" + task.taskId() + "'");
    }
  }

  /** Agent administration (register, see any inbox, the audit log): tier 1 only. */
  public static void checkTier1(Agent actor, String what) {
    if (!actor.isTier1()) {
      throw RelayException.forbidden(what + " needs a tier-1 agent; '" + actor.agentId() + "' is tier "
          + actor.trustTier());
    }
  }

  /** Changing an agent's own record (heartbeat, key, removal): that agent, or tier 1. */
  public static void checkSelfOrTier1(Agent actor, String agentId) {
    if (!actor.isTier1() && !actor.agentId().equals(agentId)) {
      throw RelayException.forbidden("agent '" + actor.agentId() + "' may only change its own record");
    }
  }
}
