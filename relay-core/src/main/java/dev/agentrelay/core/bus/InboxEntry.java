package dev.agentrelay.core.bus;

/** One delivery as the store keeps it: its seq, its event name and its InboxItem JSON, served as it is. */
public interface InboxEntry {

  long seq();

  String event();

  String json();
}
