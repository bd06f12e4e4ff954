package dev.agentrelay.core.bus;

/** One delivery as the store keeps it: its seq, its event name and its InboxItem JSON, served as it is. */
public interface InboxEntry {

  long seq();

  String event();

  String json();

  /** Whether the item has left the inbox unread by {@code nowMillis}: it must then be neither shown nor pushed. */
  boolean expiredBy(long nowMillis);
}
