package dev.agentrelay.core;

import io.vertx.core.shareddata.Shareable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live figures kept in memory: commits, push subscribers and webhook outcomes. One instance per
 * relay process, shared by the verticles that change them and the stats that report them.
 */
public final class RelayCounters implements Shareable {

  /** Transactions the writer committed, and the writes they held: their ratio is the mean batch size. */
  public final AtomicLong commits = new AtomicLong();
  public final AtomicLong committedWrites = new AtomicLong();
  /** Inbox deliveries those writes made (one per recipient of a send, a task event or a broadcast). */
  public final AtomicLong committedDeliveries = new AtomicLong();

  /** Webhook outcomes: started from the audit log's totals when the webhook verticle starts. */
  public final AtomicLong webhookAttempts = new AtomicLong();
  public final AtomicLong webhookSucceeded = new AtomicLong();
  public final AtomicLong webhookFailed = new AtomicLong();
  public final AtomicLong webhooksDisabled = new AtomicLong();
  public final AtomicLong sseSubscribers = new AtomicLong();
  public final AtomicLong longPollWaiters = new AtomicLong();
  /** Open relay-wide delivery streams: while there are none, no delivery is published for them. */
  public final AtomicLong deliveryStreams = new AtomicLong();
}
