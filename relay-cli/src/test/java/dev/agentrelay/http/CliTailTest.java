package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code relay tail}: the SSE inbox stream, one line per event, resumed after the connection drops. */
@ExtendWith(VertxExtension.class)
class CliTailTest {

  private static final String ADMIN = TestRelay.ADMIN_KEY;
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path dir;
  TestRelay relay;
  Api api;
  Cli cli;
  String reader;

  /** On a fixed port, so that the relay comes back where the tail reconnects after a restart. */
  @BeforeEach
  void start(Vertx vertx) throws IOException {
    relay = TestRelay.start(vertx, dir, Map.of("RELAY_PORT", String.valueOf(freePort())));
    api = relay.api();
    cli = Cli.of(relay);
    reader = api.register("reader", 2);
  }

  @AfterEach
  void stop() {
    relay.stop();
  }

  @Test
  void printsWhatWaitsThenEachLiveEventOnALineOfItsOwn() {
    send("waiting");
    Cli.Running tail = cli.start(reader, "tail", "--count", "2");

    assertThat(tail.awaitLine(WAIT)).matches("#\\d+ message\\.new from admin: waiting");
    send("live");
    assertThat(tail.awaitLine(WAIT)).matches("#\\d+ message\\.new from admin: live");
    assertThat(tail.awaitExit(WAIT)).isZero();
  }

  @Test
  void jsonPrintsEachInboxItemAsOneLineStartingAfterTheGivenSeq() {
    send("one");
    send("two");
    send("three");
    List<JsonObject> items = inboxItems();

    Cli.Running tail = cli.start(reader, "tail", "--after", items.get(0).getLong("seq").toString(), "--count", "2",
        "--json");

    assertThat(new JsonObject(tail.awaitLine(WAIT))).isEqualTo(items.get(1));
    assertThat(new JsonObject(tail.awaitLine(WAIT))).isEqualTo(items.get(2));
    assertThat(tail.awaitExit(WAIT)).isZero();
  }

  @Test
  void resumesAfterTheRelayRestartsWithoutRepeatingOrLosingAnItem() {
    Cli.Running tail = cli.start(reader, "tail", "--count", "2", "--json");
    send("before the restart");
    JsonObject before = new JsonObject(tail.awaitLine(WAIT));

    relay.restart(); // drops the stream; "before the restart" stays unacknowledged, so only Last-Event-ID skips it
    send("after the restart");

    JsonObject after = new JsonObject(tail.awaitLine(WAIT.multipliedBy(2)));
    assertThat(text(after)).isEqualTo("after the restart");
    assertThat(after.getLong("seq")).isGreaterThan(before.getLong("seq"));
    assertThat(tail.awaitExit(WAIT)).isZero();
    assertThat(tail.errLines()).anyMatch(line -> line.contains("reconnecting") && line.contains("after #"
        + before.getLong("seq")));
  }

  @Test
  void failsAtOnceWhenTheFirstConnectionIsRefused() throws IOException {
    Cli.Running badKey = cli.start("ark_wrong", "tail");
    assertThat(badKey.awaitExit(WAIT)).isEqualTo(1);
    assertThat(badKey.awaitErrLine(WAIT)).contains("401");

    Cli.Running nowhere = Cli.at("http://127.0.0.1:" + freePort()).start(reader, "tail");
    assertThat(nowhere.awaitExit(WAIT)).isEqualTo(1);
    assertThat(nowhere.awaitErrLine(WAIT)).contains("cannot reach the relay");
  }

  /**
   * A connection that goes silent (a laptop that slept, a NAT that forgot it) never ends by itself; only a
   * stand-in server can stop talking without closing, so this one plays the relay's side of the stream.
   */
  @Test
  void reconnectsWithLastEventIdWhenTheConnectionGoesSilent() throws IOException {
    try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      server.setSoTimeout((int) WAIT.toMillis());
      Cli.Running tail = Cli.at("http://127.0.0.1:" + server.getLocalPort())
          .start(reader, "tail", "--count", "2", "--idle-timeout", "3");
      try (Socket first = server.accept()) {
        assertThat(requestHeaders(first)).noneMatch(line -> line.toLowerCase().startsWith("last-event-id"));
        streamHead(first);
        event(first, 7, "seven"); // then silence, the connection left open
        assertThat(tail.awaitLine(WAIT)).isEqualTo("#7 message.new from admin: seven");

        try (Socket second = server.accept()) {
          assertThat(requestHeaders(second)).contains("Last-Event-ID: 7");
          streamHead(second);
          event(second, 8, "eight");
          assertThat(tail.awaitLine(WAIT)).isEqualTo("#8 message.new from admin: eight");
          assertThat(tail.awaitExit(WAIT)).isZero();
        }
      }
      assertThat(tail.errLines()).anyMatch(line -> line.contains("nothing from the relay for 3 s"));
    }
  }

  private static List<String> requestHeaders(Socket socket) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    List<String> lines = new ArrayList<>();
    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
      lines.add(line);
    }
    return lines;
  }

  private static void streamHead(Socket socket) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    chunk(out, "retry: 50\n\n");
  }

  private static void event(Socket socket, long seq, String text) throws IOException {
    JsonObject item = new JsonObject().put("delivery_id", "del_" + seq).put("seq", seq).put("event", "message.new")
        .put("from_agent", "admin").putNull("task_id").put("message", new JsonObject().put("parts",
            new JsonArray().add(new JsonObject().put("kind", "text").put("text", text))));
    chunk(socket.getOutputStream(), "id: " + seq + "\nevent: message.new\ndata: " + item.encode() + "\n\n");
  }

  private static void chunk(OutputStream out, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private void send(String text) {
    Api.Reply reply = api.post("/api/v1/messages", ADMIN, new JsonObject().put("to_agent", "reader")
        .put("content", text));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
  }

  private List<JsonObject> inboxItems() {
    List<JsonObject> items = new ArrayList<>();
    api.inbox(reader).getJsonArray("items").forEach(item -> items.add((JsonObject) item));
    return items;
  }

  private static String text(JsonObject item) {
    return item.getJsonObject("message").getJsonArray("parts").getJsonObject(0).getString("text");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
