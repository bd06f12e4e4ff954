package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class ConcurrentSendTest {

  private static final int SENDERS = 6;
  private static final int SENDS_PER_SENDER = 60;

  @TempDir
  Path dir;
  TestRelay relay;

  @AfterEach
  void stop() {
    relay.stop();
  }

  @Test
  void hundredsOfParallelSendsGetDistinctIncreasingSeqsAndNoneIsLost(Vertx vertx) {
    relay = TestRelay.start(vertx, dir);
    Api api = relay.api();
    String sink = api.register("sink", 2);
    List<String> senders = new ArrayList<>();
    for (int s = 0; s < SENDERS; s++) {
      senders.add(api.register("sender-" + s, 2));
    }

    List<Future<Api.Reply>> sends = new ArrayList<>();
    for (int i = 0; i < SENDS_PER_SENDER; i++) {
      for (String sender : senders) {
        JsonObject body = new JsonObject().put("to_agent", "sink").put("content", "n" + i);
        sends.add(api.sendAsync(HttpMethod.POST, "/api/v1/messages", sender, body, Map.of()));
      }
    }
    TestRelay.await(Future.all(sends));

    Set<String> messageIds = new HashSet<>();
    for (Future<Api.Reply> send : sends) {
      assertThat(send.result().status()).as(send.result().body()).isEqualTo(201);
      messageIds.add(send.result().json().getString("message_id"));
    }
    int total = SENDERS * SENDS_PER_SENDER;
    assertThat(messageIds).hasSize(total);

    List<Long> seqs = readWholeInbox(api, sink, messageIds);
    assertThat(seqs).hasSize(total).doesNotHaveDuplicates().isSorted();
  }

  /** Pages through the inbox; checks every item belongs to one of the sends. */
  private static List<Long> readWholeInbox(Api api, String key, Set<String> messageIds) {
    List<Long> seqs = new ArrayList<>();
    long after = 0;
    while (true) {
      JsonObject page = api.get("/api/v1/inbox?limit=200&after=" + after, key).json();
      JsonArray items = page.getJsonArray("items");
      if (items.isEmpty()) {
        return seqs;
      }
      for (int i = 0; i < items.size(); i++) {
        JsonObject item = items.getJsonObject(i);
        assertThat(messageIds).contains(item.getJsonObject("message").getString("message_id"));
        seqs.add(item.getLong("seq"));
      }
      after = page.getLong("next_after");
    }
  }
}
