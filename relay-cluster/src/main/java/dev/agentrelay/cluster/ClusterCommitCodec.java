package dev.agentrelay.cluster;

import dev.agentrelay.core.bus.DeliveryEvent;
import dev.agentrelay.core.bus.WebhookTarget;
import dev.agentrelay.core.model.EventType;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The wire form of a {@link ClusterCommit}: binary, so that each item's JSON travels as it is, unescaped. After the
 * length that Vert.x asks of a codec, one format byte ({@link #FORMAT}), then the fields in record order; a string
 * is its UTF-8 length ({@code -1} for null) and bytes, a list its size and elements, a webhook target a presence
 * byte, then its URL and secret, an instant that may be null a presence byte and then the long; an event type goes
 * by its wire name. A node refuses a format it does not know (a node of another version), and the commit is then
 * not published there.
 *
 * <p>Within one node the commit is handed over as it is, never encoded.
 */
final class ClusterCommitCodec implements MessageCodec<ClusterCommit, ClusterCommit> {

  static final String NAME = "relay-cluster-commit";
  /** Raise it with any change to the layout above. */
  static final byte FORMAT = 3;
  static final DeliveryOptions OPTIONS = new DeliveryOptions().setCodecName(NAME);

  /** Registers the codec on {@code vertx} once; later calls do nothing. */
  static synchronized void register(Vertx vertx) {
    try {
      vertx.eventBus().registerCodec(new ClusterCommitCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // registered by an earlier fanout on this Vert.x instance
    }
  }

  @Override
  public void encodeToWire(Buffer buffer, ClusterCommit commit) {
    int start = buffer.length();
    buffer.appendInt(0).appendByte(FORMAT);
    string(buffer, commit.origin());
    buffer.appendInt(commit.events().size());
    for (DeliveryEvent event : commit.events()) {
      string(buffer, event.agentId());
      buffer.appendLong(event.seq());
      string(buffer, event.deliveryId());
      string(buffer, event.event().wire());
      string(buffer, event.fromAgent());
      string(buffer, event.itemJson());
      WebhookTarget webhook = event.webhook();
      buffer.appendByte((byte) (webhook == null ? 0 : 1));
      if (webhook != null) {
        string(buffer, webhook.url());
        string(buffer, webhook.secret());
      }
      instant(buffer, event.deliverAt());
      instant(buffer, event.expiresAt());
    }
    buffer.appendInt(commit.acknowledged().size());
    commit.acknowledged().forEach((agentId, seqs) -> {
      string(buffer, agentId);
      buffer.appendInt(seqs.size());
      seqs.forEach(buffer::appendLong);
    });
    strings(buffer, commit.keysRevoked());
    strings(buffer, commit.webhookTargetsChanged());
    strings(buffer, commit.agentsChanged());
    buffer.setInt(start, buffer.length() - start - Integer.BYTES);
  }

  @Override
  public ClusterCommit decodeFromWire(int pos, Buffer buffer) {
    Reader in = new Reader(buffer, pos);
    byte format = in.readByte();
    if (format != FORMAT) {
      throw new IllegalArgumentException("a commit in cluster format " + format + " from a node of another version;"
          + " this node reads format " + FORMAT);
    }
    String origin = in.readString();
    int count = in.readCount();
    List<DeliveryEvent> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String agentId = in.readString();
      long seq = in.readLong();
      String deliveryId = in.readString();
      EventType event = EventType.parse("event", in.readString());
      String fromAgent = in.readString();
      String itemJson = in.readString();
      WebhookTarget webhook = in.readByte() == 0 ? null : new WebhookTarget(in.readString(), in.readString());
      Long deliverAt = in.readInstant();
      Long expiresAt = in.readInstant();
      events.add(new DeliveryEvent(agentId, seq, deliveryId, event, fromAgent, itemJson, webhook, deliverAt,
          expiresAt));
    }
    Map<String, List<Long>> acknowledged = new HashMap<>();
    int agents = in.readCount();
    for (int i = 0; i < agents; i++) {
      String agentId = in.readString();
      int seqs = in.readCount();
      List<Long> acked = new ArrayList<>(seqs);
      for (int j = 0; j < seqs; j++) {
        acked.add(in.readLong());
      }
      acknowledged.put(agentId, acked);
    }
    ClusterCommit commit = new ClusterCommit(origin, events, acknowledged, in.readStrings(), in.readStrings(),
        in.readStrings());
    in.requireEnd();
    return commit;
  }

  @Override
  public ClusterCommit transform(ClusterCommit commit) {
    return commit;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }

  private static void string(Buffer buffer, String value) {
    if (value == null) {
      buffer.appendInt(-1);
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    buffer.appendInt(bytes.length).appendBytes(bytes);
  }

  private static void instant(Buffer buffer, Long value) {
    buffer.appendByte((byte) (value == null ? 0 : 1));
    if (value != null) {
      buffer.appendLong(value);
    }
  }

  private static void strings(Buffer buffer, List<String> values) {
    buffer.appendInt(values.size());
    values.forEach(value -> string(buffer, value));
  }

  /** Reads one encoded commit, refusing to read past its end. */
  private static final class Reader {

    private final Buffer buffer;
    private final int end;
    private int pos;

    Reader(Buffer buffer, int start) {
      this.buffer = buffer;
      int length = buffer.getInt(start);
      this.pos = start + Integer.BYTES;
      this.end = pos + length;
      if (length < 0 || end > buffer.length()) {
        throw truncated();
      }
    }

    byte readByte() {
      take(1);
      return buffer.getByte(pos - 1);
    }

    long readLong() {
      take(Long.BYTES);
      return buffer.getLong(pos - Long.BYTES);
    }

    Long readInstant() {
      return readByte() == 0 ? null : readLong();
    }

    int readCount() {
      take(Integer.BYTES);
      int count = buffer.getInt(pos - Integer.BYTES);
      // every element takes at least four bytes: a larger count is a damaged message, not a reason to allocate
      if (count < 0 || count > (end - pos) / Integer.BYTES) {
        throw truncated();
      }
      return count;
    }

    String readString() {
      take(Integer.BYTES);
      int length = buffer.getInt(pos - Integer.BYTES);
      if (length == -1) {
        return null;
      }
      if (length < 0) {
        throw truncated();
      }
      take(length);
      return buffer.getString(pos - length, pos, StandardCharsets.UTF_8.name());
    }

    List<String> readStrings() {
      int count = readCount();
      List<String> values = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        values.add(readString());
      }
      return values;
    }

    void requireEnd() {
      if (pos != end) {
        throw new IllegalArgumentException("a cluster commit with " + (end - pos) + " bytes more than its fields");
      }
    }

    private void take(int bytes) {
      if (bytes > end - pos) {
        throw truncated();
      }
      pos += bytes;
    }

    private static IllegalArgumentException truncated() {
      return new IllegalArgumentException("a cluster commit cut short or damaged");
    }
  }
}
