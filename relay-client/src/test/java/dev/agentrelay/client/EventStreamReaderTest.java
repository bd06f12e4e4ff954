package dev.agentrelay.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventStreamReaderTest {

  @Test
  void readsFramesSkippingCommentsRetryAndFramesWithoutData() throws Exception {
    EventStreamReader reader = new EventStreamReader(new ByteArrayInputStream(("retry: 2000\n\n: keep-alive\n\n"
        + "id: 7\nevent: message.new\ndata: {\"a\":1}\n\nid: 8\n\nid:9\ndata: one\ndata:two\n\n")
        .getBytes(StandardCharsets.UTF_8)));

    assertThat(reader.next()).isEqualTo(new EventStreamReader.Event("7", "message.new", "{\"a\":1}"));
    assertThat(reader.next()).isEqualTo(new EventStreamReader.Event("9", null, "one\ntwo"));
    assertThat(reader.next()).isNull();
    assertThat(reader.retryMillis()).isEqualTo(2000L);
  }
}
