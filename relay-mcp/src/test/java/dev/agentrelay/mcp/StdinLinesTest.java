package dev.agentrelay.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StdinLinesTest {

  final AtomicInteger ends = new AtomicInteger();

  List<String> read(String input, int maxLine) throws IOException {
    StdinLines lines = new StdinLines(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), maxLine,
        ends::incrementAndGet);
    BufferedReader reader = new BufferedReader(new InputStreamReader(lines, StandardCharsets.UTF_8));
    List<String> read = new ArrayList<>();
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      read.add(line);
    }
    return read;
  }

  @Test
  void passesLinesThroughUnchanged() throws IOException {
    assertThat(read("{\"a\":1}\n{\"b\":\"é\"}\n", 64)).containsExactly("{\"a\":1}", "{\"b\":\"é\"}");
  }

  @Test
  void dropsALineLongerThanTheCapAndKeepsTheNext() throws IOException {
    assertThat(read("x".repeat(100) + "\n{\"ok\":true}\n", 32)).containsExactly("{\"ok\":true}");
  }

  @Test
  void reportsTheEndOfInputOnceAndKeepsAnUnterminatedLastLine() throws IOException {
    assertThat(read("{\"a\":1}\n{\"b\":2}", 64)).containsExactly("{\"a\":1}", "{\"b\":2}");
    assertThat(ends).hasValue(1);
  }
}
