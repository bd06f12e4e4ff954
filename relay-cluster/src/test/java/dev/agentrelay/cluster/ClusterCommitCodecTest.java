package dev.agentrelay.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentrelay.core.bus.DeliveryEvent;
import dev.agentrelay.core.bus.WebhookTarget;
import dev.agentrelay.core.model.EventType;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The wire form of a commit between nodes: every field comes back as it went, and damage is refused. */
class ClusterCommitCodecTest {

  private final ClusterCommitCodec codec = new ClusterCommitCodec();
  private final ClusterCommit commit = new ClusterCommit("node-1",
      List.of(new DeliveryEvent("alpha", 41, "dlv_1", EventType.TASK_CREATED, "sender",
              "{\"text\":\"h\u00e9 \u2603 \ud83d\ude80\"}",
              new WebhookTarget("https://hooks.example/a", "whsec_c2VjcmV0"), 1_780_000_000_000L, 1_780_000_600_000L),
          new DeliveryEvent("beta", 42, "dlv_2", EventType.DELIVERY_ACKED, null, "{}", null, null, null)),
      Map.of("alpha", List.of(7L, 9L), "gamma", List.of(40L)), List.of("alpha"), List.of("beta"),
      List.of("alpha", "beta"));

  @Test
  void aCommitComesBackWhole() {
    assertThat(decode(encoded(commit))).isEqualTo(commit);
  }

  @Test
  void aCommitIsReadWhereVertxPutsItAfterItsOwnHeaders() {
    Buffer buffer = Buffer.buffer("headers");
    codec.encodeToWire(buffer, commit);
    assertThat(codec.decodeFromWire("headers".length(), buffer)).isEqualTo(commit);
  }

  @Test
  void anotherFormatIsRefusedWithWhatToDo() {
    Buffer wire = encoded(commit);
    wire.setByte(Integer.BYTES, (byte) (ClusterCommitCodec.FORMAT + 1));
    assertThatThrownBy(() -> decode(wire)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("another version");
  }

  @Test
  void aDamagedCommitIsRefused() {
    Buffer wire = encoded(commit);
    Buffer cut = wire.getBuffer(0, wire.length() - 3);
    cut.setInt(0, cut.length() - Integer.BYTES);
    assertThatThrownBy(() -> decode(cut)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cut short");
    assertThatThrownBy(() -> decode(wire.getBuffer(0, wire.length() - 1))).hasMessageContaining("cut short");
    Buffer longer = wire.copy().appendByte((byte) 0);
    longer.setInt(0, longer.length() - Integer.BYTES);
    assertThatThrownBy(() -> decode(longer)).hasMessageContaining("bytes more");
  }

  private Buffer encoded(ClusterCommit value) {
    Buffer buffer = Buffer.buffer();
    codec.encodeToWire(buffer, value);
    return buffer;
  }

  private ClusterCommit decode(Buffer wire) {
    return codec.decodeFromWire(0, wire);
  }
}
