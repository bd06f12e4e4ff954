package dev.agentrelay.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class SseReaderTest {

  @Test
  void readsFramesSkippingCommentsRetryAndFramesWithoutData() throws Exception {
    SseReader reader = new SseReader(new BufferedReader(new StringReader("retry: 2000\n\n: keep-alive\n\n"
        + "id: 7\nevent: message.new\ndata: {\"a\":1}\n\nid: 8\n\nid:9\ndata: one\ndata:two\n\n")));

    assertThat(reader.next()).isEqualTo(new SseReader.Event("7", "message.new", "{\"a\":1}"));
    assertThat(reader.next()).isEqualTo(new SseReader.Event("9", null, "one\ntwo"));
    assertThat(reader.next()).isNull();
  }
}
