package dev.agentrelay.core.bus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The first hand-over of each delivery to its recipient, for its receipt. A read path only notes a hand-over
 * here, in memory, and never waits; the store's writer takes what was noted into the next batch it commits anyway
 * (an ack, a send), and the store's clock flushes notes that no write came to take within a second. So pages,
 * long-polls and SSE events cost no commit of their own: not a write per read, and at low rates no extra fsync.
 * One instance per relay, shared by the HTTP verticles that note and the store that records.
 */
public final class HandOvers {

  /** How an item was handed to its recipient. */
  public enum Via {
    /** an inbox page or a long-poll answer */
    POLL("poll"),
    /** an SSE event written to the recipient's stream */
    SSE("sse"),
    /** a webhook answered 2xx */
    WEBHOOK("webhook"),
    /** an MCP tool result of the relay's own {@code /mcp} endpoint */
    MCP("mcp");

    private final String wire;

    Via(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }

  /** One noted hand-over: item {@code seq}, handed {@code via} at {@code at} (epoch milliseconds). */
  public record HandOver(long seq, Via via, long at) {
  }

  private final Queue<HandOver> noted = new ConcurrentLinkedQueue<>();

  /** Notes that the items {@code seqs} were handed to their recipient just now; returns at once. */
  public void handed(Via via, long... seqs) {
    long now = System.currentTimeMillis();
    for (long seq : seqs) {
      noted.add(new HandOver(seq, via, now));
    }
  }

  /** Whether any note waits to be recorded. */
  public boolean anyNoted() {
    return !noted.isEmpty();
  }

  /** Takes every note so far, for the writer's batch; a note added meanwhile waits for the next batch. */
  public List<HandOver> take() {
    List<HandOver> taken = new ArrayList<>();
    for (HandOver handOver = noted.poll(); handOver != null; handOver = noted.poll()) {
      taken.add(handOver);
    }
    return taken;
  }

  /** The batch that took {@code taken} did not commit: its notes wait for the next one. */
  public void giveBack(Collection<HandOver> taken) {
    noted.addAll(taken);
  }
}
