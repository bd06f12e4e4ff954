package dev.agentrelay.core;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Live figures that are not in the database: push subscribers and webhook outcomes. One instance per
 * relay process, shared by the verticles that change them and the stats that report them.
 */
public final class RelayCounters {

  public final AtomicLong webhookAttempts = new AtomicLong();
  public final AtomicLong webhookSucceeded = new AtomicLong();
  public final AtomicLong webhookFailed = new AtomicLong();
  public final AtomicLong webhooksDisabled = new AtomicLong();
  public final AtomicLong sseSubscribers = new AtomicLong();
  public final AtomicLong longPollWaiters = new AtomicLong();
}
