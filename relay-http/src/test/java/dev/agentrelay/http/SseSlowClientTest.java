package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A stream whose client stops reading is dropped, not buffered without bound. */
@ExtendWith(VertxExtension.class)
class SseSlowClientTest {

  private static final int MESSAGES = 300;
  private static final String PAYLOAD = "x".repeat(60_000);

  @TempDir
  Path dir;
  TestRelay relay;

  @AfterEach
  void stop() {
    relay.stop();
  }

  @Test
  void aClientThatStopsReadingIsDisconnectedAndItsItemsStayInTheInbox(Vertx vertx) {
    relay = TestRelay.start(vertx, dir);
    Api api = relay.api();
    String key = api.register("sleepy", 2);
    NetSocket socket = TestRelay.await(vertx.createNetClient().connect(relay.port(), "127.0.0.1"));
    socket.write("GET /api/v1/inbox/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key + "\r\n\r\n");
    SseStreamTest.awaitStat(api, "sse_subscribers", n -> n == 1);
    socket.pause();

    List<Future<Api.Reply>> sends = new ArrayList<>();
    for (int i = 0; i < MESSAGES; i++) {
      JsonObject body = new JsonObject().put("to_agent", "sleepy").put("content", PAYLOAD);
      sends.add(api.sendAsync(HttpMethod.POST, "/api/v1/messages", TestRelay.ADMIN_KEY, body, Map.of()));
    }
    TestRelay.await(Future.all(sends));

    SseStreamTest.awaitStat(api, "sse_subscribers", n -> n == 0);
    assertThat(api.get("/api/v1/inbox?limit=1", key).json().getLong("pending")).isEqualTo(MESSAGES);
    socket.close();
  }
}
